import type { StoreFilter } from '@tagout/core';
import { compileFilterSql, FILTER_PARAMS, type FilterSql } from './filter-sql.js';

/** The two dynamic queries `claim_filter` runs, with their parameters. */
export interface CandidateSql extends FilterSql {
  /** Locks one eligible machine (`FOR NO KEY UPDATE SKIP LOCKED`) from id `$8` on, skipping the ids in `$7`. */
  pick: string;
  /** Re-checks the one machine `$8` on a fresh snapshot once its lock is held. */
  check: string;
}

/**
 * Builds the candidate queries of a claim by filter. Parameters, bound by `claim_filter`:
 * `$1`–`$4` as in {@link FILTER_PARAMS}, `$5` the process, `$6` its blockers, `$7` ids to
 * skip, `$8` the pick's random start id (null: from the first) or the check's locked machine.
 *
 * Eligible: the filter holds, no live work (session deadline > now) for any blocker, no
 * active backoff for the process. The pick walks machines in id order from a random id (then
 * from the first), so machines just claimed or backed off do not pile up in front of every
 * claim; `SKIP LOCKED` spreads parallel claimers instead of queueing them on one row.
 */
export function candidateSql(filter: StoreFilter, schema: string): CandidateSql {
  const start = `coalesce($8::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`;
  const compiled = compileFilterSql(filter, schema);
  const picked = compileFilterSql(filter, schema, FILTER_PARAMS.now, start);
  const conditions = (predicate: string) => `${predicate}
    and not exists (select 1 from ${schema}.work w join ${schema}.sessions se on se.id = w.session_id
      where w.machine_id = m.id and w.process = any($6::text[]) and se.deadline > ${FILTER_PARAMS.now})
    and not exists (select 1 from ${schema}.backoffs b
      where b.machine_id = m.id and b.process = $5::text and b.until > ${FILTER_PARAMS.now})`;
  return {
    ...compiled,
    pick: `select m.id from ${schema}.machines m
      where m.id >= ${start} and not (m.id = any($7::uuid[])) and ${conditions(picked.sql)}
      order by m.id limit 1 for no key update of m skip locked`,
    check: `select m.id from ${schema}.machines m where m.id = $8::uuid and ${conditions(compiled.sql)}`,
  };
}
