import { describe, expect, it } from 'vitest';
import { humanDuration, humanRelative, humanTime } from '../src/index.js';

describe('human time', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [42_000, '42s'],
    [185_000, '3m 05s'],
    [7_800_000, '2h 10m'],
    [273_600_000, '3d 04h'],
    [-42_000, '42s'],
  ])('a duration of %i ms reads %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('relative moments read "ago", "in" or "now"; exact ones are UTC to the second', () => {
    const now = Date.UTC(2026, 10, 3, 12, 0, 0);
    expect(humanRelative(now - 185_000, now)).toBe('3m 05s ago');
    expect(humanRelative(now + 42_000, now)).toBe('in 42s');
    expect(humanRelative(now + 500, now)).toBe('now');
    expect(humanTime(now + 1_500)).toBe('2026-11-03 12:00:01Z');
  });
});
