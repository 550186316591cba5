/** The styles the CLI uses. */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

const CODES: Record<Style, [open: number, close: number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** Styles text with ANSI codes, or returns it unchanged. */
export type Paint = (style: Style | undefined, text: string) => string;

/** A painter: ANSI styles when `enabled` (a TTY without NO_COLOR), plain text otherwise. */
export function painter(enabled: boolean): Paint {
  return (style, text) => {
    if (!enabled || style === undefined || text === '') return text;
    const [open, close] = CODES[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  };
}

/**
 * Text safe to print on a terminal: control characters (escape sequences a hostile tag
 * value or cause could carry, newlines that would break a table row) shown as `\xNN`.
 */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
