import type { StoreFilter } from '@tagout/core';

/**
 * A filter compiled to a SQL predicate over `m` (a row of `<schema>.machines`). Values travel
 * only as parameters: `$1` text[] (tag names, path segments), `$2` jsonb[] (compared values),
 * `$3` float8[] (durations), `$4` float8 (now). The SQL text depends on the filter's shape only.
 */
export interface FilterSql {
  /** The predicate. */
  sql: string;
  /** `$1`: tag names and path segments. */
  texts: string[];
  /** `$2`: canonical JSON texts compared with `=` as jsonb. */
  jsons: string[];
  /** `$3`: durations in ms. */
  nums: number[];
}

/** Parameter placeholders shared by every query that embeds a compiled filter. */
export const FILTER_PARAMS = {
  texts: '$1::text[]',
  jsons: '$2::jsonb[]',
  nums: '$3::float8[]',
  now: '$4::float8',
};

/**
 * Compiles a validated filter into a parameterised predicate that agrees with core's
 * `matchesFilter`: `path` walks object keys only (`->` with a text key yields NULL on arrays
 * and scalars), values compare as jsonb, `older`/`newer` compare `updated_at` with `$4 - ms`.
 * @param schema the quoted schema holding the `tags` table.
 * @param now SQL for the time the filter judges ages by (default `$4`).
 * @param idRange SQL of a comparison the caller also requires of `m.id` (`>= c.start`): repeated
 *   on every tag lookup (where it is implied) so a tag's index can be walked within that range.
 * @param values SQL of the three arrays (default `$1`–`$3`, see {@link FILTER_PARAMS}); a claim
 *   reads them from a relation instead, so its plans never see their values (see `claimFilterSql`).
 */
export function compileFilterSql(
  filter: StoreFilter,
  schema: string,
  now = FILTER_PARAMS.now,
  idRange?: string,
  values: Pick<typeof FILTER_PARAMS, 'texts' | 'jsons' | 'nums'> = FILTER_PARAMS,
): FilterSql {
  const out: FilterSql = { sql: '', texts: [], jsons: [], nums: [] };
  const text = (value: string) => `(${values.texts})[${out.texts.push(value)}]`;
  const range = idRange === undefined ? '' : ` and t.machine_id ${idRange}`;
  const tagExists = (tag: string, condition: string) =>
    `exists (select 1 from ${schema}.tags t where t.machine_id = m.id${range} and t.name = ${text(tag)}${condition})`;
  const node = (f: StoreFilter): string => {
    switch (f.kind) {
      case 'has':
        return tagExists(f.tag, '');
      case 'lacks':
        return `not ${tagExists(f.tag, '')}`;
      case 'equals': {
        const name = text(f.tag);
        const walk = f.path.map((segment) => ` -> ${text(segment)}`).join('');
        const json = `(${values.jsons})[${out.jsons.push(f.json)}]`;
        return `exists (select 1 from ${schema}.tags t where t.machine_id = m.id${range} and t.name = ${name} and (t.value${walk}) = ${json})`;
      }
      case 'older':
      case 'newer': {
        const op = f.kind === 'older' ? '<=' : '>';
        const ms = `(${values.nums})[${out.nums.push(f.ms)}]`;
        return tagExists(f.tag, ` and t.updated_at ${op} ${now} - ${ms}`);
      }
      case 'and':
      case 'or': {
        if (f.filters.length === 0) return f.kind === 'and' ? 'true' : 'false';
        return `(${f.filters.map(node).join(f.kind === 'and' ? ' and ' : ' or ')})`;
      }
      case 'not':
        return `not (${node(f.filter)})`;
    }
  };
  out.sql = node(filter);
  return out;
}
