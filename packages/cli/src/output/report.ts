import type { CliIo } from '../cli-io.js';
import { type Paint, painter } from './paint.js';

/** How a read command's text output is drawn. */
export interface TextContext {
  /** Terminal width. */
  columns: number;
  /** Colours (or not). */
  paint: Paint;
  /** Now, for ages and time left. */
  now: number;
}

/**
 * Prints a read's answer: with `json`, `value` as one JSON document; otherwise the text
 * `render` draws from it (tables fitted to the terminal, colour on a TTY only).
 */
export function report<T>(
  io: CliIo,
  json: boolean | undefined,
  value: T,
  render: (value: T, text: TextContext) => string,
): void {
  if (json) {
    io.out(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  io.out(render(value, { columns: io.columns, paint: painter(io.color), now: io.now() }));
}
