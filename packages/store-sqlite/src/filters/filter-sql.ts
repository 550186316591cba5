import type { StoreFilter } from '@tagout/core';
import type { SqlFragment, SqlParam } from '../sql-fragment.js';

/**
 * Compiles a filter to a boolean SQL expression about the machine whose id is the SQL
 * expression `idSql`. Tag names, values and paths are bound parameters, never SQL text,
 * so the SQL depends only on the filter's shape (and prepared statements can be cached
 * by it). Every leaf is an `EXISTS`, which is never NULL, so `NOT` is plain negation.
 *
 * Agrees with `matchesFilter` of @tagout/core: stored values are canonical JSON (sorted
 * keys, no whitespace) and SQLite's `->` returns the JSON text of the part at a path as
 * it was stored, so comparing texts is comparing JSON values.
 */
export function filterSql(filter: StoreFilter, idSql: string, now: number): SqlFragment {
  const params: SqlParam[] = [];
  const sql = compile(filter, idSql, now, params);
  return { sql, params };
}

function compile(filter: StoreFilter, idSql: string, now: number, params: SqlParam[]): string {
  switch (filter.kind) {
    case 'has':
      return tagExists(idSql, filter.tag, '', [], params);
    case 'lacks':
      return `NOT ${tagExists(idSql, filter.tag, '', [], params)}`;
    case 'equals':
      return filter.path.length === 0
        ? tagExists(idSql, filter.tag, ' AND t.value = ?', [filter.json], params)
        : tagExists(idSql, filter.tag, ' AND t.value -> ? = ?', [jsonPath(filter.path), filter.json], params);
    case 'older':
      return tagExists(idSql, filter.tag, ' AND t.updated_at <= ?', [now - filter.ms], params);
    case 'newer':
      return tagExists(idSql, filter.tag, ' AND t.updated_at > ?', [now - filter.ms], params);
    case 'and':
      return junction(filter.filters, ' AND ', '1', idSql, now, params);
    case 'or':
      return junction(filter.filters, ' OR ', '0', idSql, now, params);
    case 'not':
      return `NOT ${compile(filter.filter, idSql, now, params)}`;
  }
}

function tagExists(idSql: string, tag: string, condition: string, values: SqlParam[], params: SqlParam[]) {
  params.push(tag, ...values);
  return `EXISTS (SELECT 1 FROM tags t WHERE t.machine_id = ${idSql} AND t.name = ?${condition})`;
}

function junction(
  filters: readonly StoreFilter[],
  operator: string,
  empty: string,
  idSql: string,
  now: number,
  params: SqlParam[],
): string {
  if (filters.length === 0) return empty;
  return `(${filters.map((child) => compile(child, idSql, now, params)).join(operator)})`;
}

/**
 * A SQLite JSON path over object keys only: `$."a"."b"`. Each key is a JSON string
 * literal (quotes, backslashes and control characters escaped), which SQLite decodes
 * before comparing labels. A path through an array or a missing key yields NULL.
 */
export function jsonPath(segments: readonly string[]): string {
  return `$${segments.map((segment) => `.${JSON.stringify(segment)}`).join('')}`;
}
