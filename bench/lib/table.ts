/** One row of a subject-versus-floor comparison. */
export interface RatioRow {
  /** What was measured, e.g. 'claim + finish'. */
  label: string;
  /** How it ran, e.g. '1 process'. */
  mode: string;
  /** Rate of the thing under test (ops/s). */
  subject: number;
  /** Rate of the floor measured in the same run (ops/s). */
  floor: number;
}

/** subject / floor. */
export function ratio(row: RatioRow): number {
  return row.subject / row.floor;
}

/**
 * Formats rows as an aligned text table (also valid Markdown): label, mode, subject ops/s,
 * floor ops/s, ratio, and a mark when the ratio is under `target`.
 */
export function formatRatioTable(
  rows: readonly RatioRow[],
  names: { subject: string; floor: string },
  target?: number,
): string {
  const header = ['cycle', 'mode', `${names.subject} ops/s`, `${names.floor} ops/s`, 'ratio'];
  const body = rows.map((row) => {
    const r = ratio(row);
    const mark = target !== undefined && r < target ? ` (< ${target})` : '';
    return [row.label, row.mode, fixed(row.subject), fixed(row.floor), `${r.toFixed(2)}${mark}`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i >= 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

function fixed(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
