const UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * A duration for people: the two largest units, rounded down to whole seconds
 * (`0s`, `42s`, `3m 05s`, `2h 10m`, `3d 4h`). A negative duration is shown as its size.
 */
export function humanDuration(ms: number): string {
  let rest = Math.floor(Math.abs(ms) / 1000) * 1000;
  if (rest < 1000) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (parts.length === 0 && rest < size) continue;
    const count = Math.floor(rest / size);
    rest -= count * size;
    parts.push(parts.length === 0 ? `${count}${unit}` : `${String(count).padStart(2, '0')}${unit}`);
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** How far `at` is from `now`, for people: `3m 05s ago`, `in 42s`, `now`. */
export function humanRelative(at: number, now: number): string {
  const delta = at - now;
  if (Math.abs(delta) < 1000) return 'now';
  return delta < 0 ? `${humanDuration(delta)} ago` : `in ${humanDuration(delta)}`;
}

/** A moment as UTC text to the second: `2026-11-03 12:00:01Z`. */
export function humanTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
