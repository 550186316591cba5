import type { StoreFilter } from '@tagout/core';
import { placeholders, type SqlFragment } from '../sql-fragment.js';
import { filterSql } from './filter-sql.js';

/**
 * SQL true when live work (its session's deadline > now) exists on the machine `idSql`
 * for one of `blockers`. Yields the process in the `conflict` check of a claim by id.
 */
export function liveBlockerSql(idSql: string, blockers: readonly string[], now: number): SqlFragment {
  return {
    sql: `SELECT w.process FROM work w JOIN sessions s ON s.id = w.session_id
      WHERE w.machine_id = ${idSql} AND w.process IN (${placeholders(blockers.length)}) AND s.deadline > ?`,
    params: [...blockers, now],
  };
}

/** The ids a candidate query considers: `after < id <= upTo` (text order). */
export interface IdRange {
  after: string;
  upTo: string;
}

/** Above every machine id in text order: the open end of an {@link IdRange}. */
export const HIGHEST_ID = '\u{10ffff}';

/**
 * The query of a claim by filter: the ids of the first `limit` machines (default 1), in machine
 * id order within `range`, that pass the filter, have no live work for any of `blockers`, and no
 * active backoff for `process`; no row when none is eligible.
 *
 * When the filter requires a tag (a `has`, `equals`, `older` or `newer` among its
 * top-level conjuncts), the query walks the `tags_by_name` index for that tag instead of
 * every machine; otherwise it walks the machines' primary key.
 */
export function candidateQuery(
  filter: StoreFilter,
  process: string,
  blockers: readonly string[],
  now: number,
  range: IdRange = { after: '', upTo: HIGHEST_ID },
  limit = 1,
): SqlFragment {
  const conjuncts = flattenAnd(filter);
  const driver = pickDriver(conjuncts);
  const from =
    driver === undefined
      ? { sql: 'SELECT m.id FROM machines m WHERE 1', params: [], id: 'm.id' }
      : { sql: 'SELECT d.machine_id FROM tags d WHERE d.name = ?', params: [driver.tag], id: 'd.machine_id' };
  // A `has` driver is implied by walking its tag; any other driver still checks its value.
  const rest = driver?.kind === 'has' ? conjuncts.filter((conjunct) => conjunct !== driver) : conjuncts;
  const condition = filterSql({ kind: 'and', filters: rest }, from.id, now);
  const live = liveBlockerSql(from.id, blockers, now);
  return {
    sql: `${from.sql} AND ${from.id} > ? AND ${from.id} <= ? AND ${condition.sql}
      AND NOT EXISTS (${live.sql})
      AND NOT EXISTS (SELECT 1 FROM backoffs b WHERE b.machine_id = ${from.id} AND b.process = ? AND b.until > ?)
      ORDER BY ${from.id} LIMIT ?`,
    params: [
      ...from.params,
      range.after,
      range.upTo,
      ...condition.params,
      ...live.params,
      process,
      now,
      limit,
    ],
  };
}

function flattenAnd(filter: StoreFilter): StoreFilter[] {
  return filter.kind === 'and' ? filter.filters.flatMap(flattenAnd) : [filter];
}

type TagTest = Extract<StoreFilter, { kind: 'has' | 'equals' | 'older' | 'newer' }>;

/** The conjunct to walk an index by: the first `has`, else the first other tag test. */
function pickDriver(conjuncts: readonly StoreFilter[]): TagTest | undefined {
  const isTagTest = (conjunct: StoreFilter): conjunct is TagTest =>
    conjunct.kind === 'equals' || conjunct.kind === 'older' || conjunct.kind === 'newer';
  return (
    conjuncts.find((conjunct): conjunct is TagTest => conjunct.kind === 'has') ?? conjuncts.find(isTagTest)
  );
}
