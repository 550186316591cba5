import type { StoreFilter } from '@tagout/core';
import { compileFilterSql, FILTER_PARAMS, type FilterSql } from './filter-sql.js';

/** The two dynamic queries `claim_filter` runs, with their parameters. */
export interface CandidateSql extends FilterSql {
  /** Locks one eligible machine (`FOR NO KEY UPDATE SKIP LOCKED`), skipping the ids in `$7`. */
  pick: string;
  /** Re-checks the one machine `$8` on a fresh snapshot once its lock is held. */
  check: string;
}

/**
 * Builds the candidate queries of a claim by filter. Parameters, bound by `claim_filter`:
 * `$1`–`$4` as in {@link FILTER_PARAMS}, `$5` the process, `$6` its blockers, `$7` ids to
 * skip, `$8` (check only) the locked machine.
 *
 * Eligible: the filter holds, no live work (session deadline > now) for any blocker, no
 * active backoff for the process. Machines are taken in id order; `SKIP LOCKED` spreads
 * parallel claimers over the candidates instead of queueing them on the first one.
 */
export function candidateSql(filter: StoreFilter, schema: string): CandidateSql {
  const compiled = compileFilterSql(filter, schema);
  const eligible = `${compiled.sql}
    and not exists (select 1 from ${schema}.work w join ${schema}.sessions se on se.id = w.session_id
      where w.machine_id = m.id and w.process = any($6::text[]) and se.deadline > ${FILTER_PARAMS.now})
    and not exists (select 1 from ${schema}.backoffs b
      where b.machine_id = m.id and b.process = $5::text and b.until > ${FILTER_PARAMS.now})`;
  return {
    ...compiled,
    pick: `select m.id from ${schema}.machines m where not (m.id = any($7::uuid[])) and ${eligible}
      order by m.id limit 1 for no key update of m skip locked`,
    check: `select m.id from ${schema}.machines m where m.id = $8::uuid and ${eligible}`,
  };
}
