import type { Context } from 'hono';

/**
 * A query parameter as a number (`limit`), or `fallback` when absent or empty. Anything
 * else (`abc`, `0`) is passed on as a number for the engine to refuse with a ValidationError.
 */
export function numberParam(c: Context, name: string, fallback: number): number {
  const text = c.req.query(name)?.trim();
  return text === undefined || text === '' ? fallback : Number(text);
}

/** A query parameter as text, undefined when absent or blank. */
export function textParam(c: Context, name: string): string | undefined {
  const text = c.req.query(name)?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** The current URL's path and query with `changes` applied (undefined removes a parameter). */
export function withParams(c: Context, changes: Record<string, string | undefined>): string {
  const url = new URL(c.req.url);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return `${url.pathname}${url.search}`;
}
