/** A value bound to a `?` placeholder. */
export type SqlParam = string | number | null;

/** A piece of SQL text and the values of its `?` placeholders, in order. */
export interface SqlFragment {
  sql: string;
  params: SqlParam[];
}

/** `?, ?, ?` for `count` values (at least one). */
export function placeholders(count: number): string {
  return Array.from({ length: Math.max(count, 1) }, () => '?').join(', ');
}
