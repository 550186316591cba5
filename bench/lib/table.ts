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
  /** Minimum acceptable ratio for this row, if any: rows under it are marked. */
  target?: number;
  /** Median latency of one subject step (µs), when measured. */
  subjectP50Us?: number;
  /** Median latency of one floor step (µs), when measured. */
  floorP50Us?: number;
}

/** subject / floor. */
export function ratio(row: RatioRow): number {
  return row.subject / row.floor;
}

/**
 * Formats rows as an aligned text table (also valid Markdown): label, mode, subject ops/s,
 * floor ops/s, ratio (marked when under the row's `target`, else under `target`), and, when every row has them, the
 * median step latencies as `subject / floor µs`.
 */
export function formatRatioTable(
  rows: readonly RatioRow[],
  names: { subject: string; floor: string },
  target?: number,
): string {
  const latencies = rows.every((row) => row.subjectP50Us !== undefined && row.floorP50Us !== undefined);
  const header = ['cycle', 'mode', `${names.subject} ops/s`, `${names.floor} ops/s`, 'ratio'];
  if (latencies) header.push(`p50 µs ${names.subject} / ${names.floor}`);
  const body = rows.map((row) => {
    const r = ratio(row);
    const limit = row.target ?? target;
    const mark = limit !== undefined && r < limit ? ` (< ${limit})` : '';
    const cells = [row.label, row.mode, fixed(row.subject), fixed(row.floor), `${r.toFixed(2)}${mark}`];
    if (latencies) cells.push(`${fixed(row.subjectP50Us ?? 0)} / ${fixed(row.floorP50Us ?? 0)}`);
    return cells;
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
