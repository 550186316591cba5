import { type Paint, printable, type Style } from './paint.js';

/** A column of a {@link renderTable} table. */
export interface Column {
  header: string;
  /** Right-align (numbers, durations). */
  right?: boolean;
  /**
   * May be cut (with `…`) when the table is wider than the terminal; columns with a higher
   * number are cut first. Unset: never cut.
   */
  shrink?: number;
  /** The style of a cell, from its text. */
  style?: (text: string) => Style | undefined;
}

const GAP = '  ';
const MIN_WIDTH = 6;

/**
 * An aligned table: a dim header line, then one line per row, at most `width` characters
 * wide when shrinkable columns allow it. Cells are made printable (no control characters).
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly string[][],
  width: number,
  paint: Paint,
): string {
  const cells = rows.map((row) => row.map(printable));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((row) => length(row[i] ?? ''))),
  );
  fit(columns, widths, width);
  const line = (texts: readonly string[], styleOf: (column: Column, text: string) => Style | undefined) =>
    texts
      .map((text, i) => {
        const column = columns[i]!;
        const cut = clip(text, widths[i]!);
        const pad = ' '.repeat(widths[i]! - length(cut));
        const padded = column.right ? pad + cut : cut + pad;
        return paint(styleOf(column, text), padded);
      })
      .join(GAP)
      .trimEnd();
  const header = line(
    columns.map((column) => column.header),
    () => 'dim',
  );
  const body = cells.map((row) => `${line(row, (column, text) => column.style?.(text))}\n`);
  return `${header}\n${body.join('')}`;
}

/** Label and value lines (`machines  12`), labels aligned. */
export function renderPairs(pairs: readonly (readonly [string, string])[], paint: Paint): string {
  const width = Math.max(0, ...pairs.map(([label]) => label.length));
  return pairs
    .map(([label, value]) => `${paint('dim', label.padEnd(width))}  ${printable(value)}\n`)
    .join('');
}

/** Narrows shrinkable columns, the highest `shrink` first, until the table fits in `width`. */
function fit(columns: readonly Column[], widths: number[], width: number): void {
  const order = columns
    .map((column, i) => ({ i, shrink: column.shrink }))
    .filter((entry): entry is { i: number; shrink: number } => entry.shrink !== undefined)
    .sort((a, b) => b.shrink - a.shrink);
  let excess = widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1) - width;
  for (const { i } of order) {
    if (excess <= 0) return;
    const floor = Math.max(MIN_WIDTH, Math.min(columns[i]!.header.length, widths[i]!));
    const cut = Math.min(excess, widths[i]! - floor);
    widths[i]! -= cut;
    excess -= cut;
  }
}

function length(text: string): number {
  return [...text].length;
}

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}
