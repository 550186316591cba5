import { describe, expect, it } from 'vitest';
import { wantsColor } from '../src/cli-io.js';
import { painter } from '../src/output/paint.js';
import { renderTable } from '../src/output/table.js';

const ANSI = '\u001b[';

describe('tables', () => {
  const columns = [{ header: 'MACHINE' }, { header: 'TOKEN', right: true }, { header: 'CAUSE', shrink: 1 }];
  const rows = [
    ['m-1', '7', 'BMC unreachable: timeout after 30 s'],
    ['m-22', '12', 'disk full'],
  ];

  it('align columns and right-align numbers', () => {
    expect(renderTable(columns, rows, 200, painter(false))).toBe(
      [
        'MACHINE  TOKEN  CAUSE',
        'm-1          7  BMC unreachable: timeout after 30 s',
        'm-22        12  disk full',
        '',
      ].join('\n'),
    );
  });

  it('fit the terminal by cutting shrinkable columns with …', () => {
    const text = renderTable(columns, rows, 30, painter(false));
    for (const line of text.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(30);
    expect(text).toContain('m-1          7  BMC unreachab…');
  });

  it('show control characters as \\xNN, so a tag value cannot drive the terminal', () => {
    const text = renderTable([{ header: 'VALUE' }], [['\u001b[2Jgone\nnext']], 80, painter(false));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1b[2Jgone\\x0anext');
  });

  it('colour only when painting is on', () => {
    const styled = [{ header: 'EVENT', style: () => 'red' as const }];
    expect(renderTable(styled, [['Failed']], 80, painter(false))).not.toContain(ANSI);
    expect(renderTable(styled, [['Failed']], 80, painter(true))).toContain(`${ANSI}31mFailed`);
  });
});

describe('colour', () => {
  it('is on for a terminal only, and off whenever NO_COLOR is set', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
  });
});
