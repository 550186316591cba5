/** An aligned Markdown table: the first `textColumns` columns left-aligned, the rest right. */
export function markdownTable(header: readonly string[], rows: readonly string[][], textColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < textColumns ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The cell of a figure that was not measured (or whose measurement failed). */
export const MISSING = '—';

/** 12,345. */
export function integer(value: number | undefined): string {
  return value === undefined ? MISSING : Math.round(value).toLocaleString('en-US');
}

/** Milliseconds with three significant digits or so: 4.71, 37.8, 1,012. */
export function ms(value: number | undefined): string {
  if (value === undefined) return MISSING;
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

/** a ÷ b as '0.42×' (two significant digits under 0.1: '0.0045×'). */
export function times(value: number | undefined): string {
  if (value === undefined) return MISSING;
  return `${value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}×`;
}

/** a ÷ b, or undefined when either is missing or b is 0. */
export function divide(a: number | undefined | null, b: number | undefined | null): number | undefined {
  return a === undefined || a === null || b === undefined || b === null || b === 0 ? undefined : a / b;
}
