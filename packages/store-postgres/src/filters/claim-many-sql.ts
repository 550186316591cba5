import { LIMITS, type StoreFilter } from '@tagout/core';
import {
  CLAIM_FILTER_VALUES,
  candidatePickSql,
  claimedTagsSql,
  sessionClockSql,
} from './claim-filter-sql.js';
import { compileFilterSql, type FilterSql } from './filter-sql.js';

/** The single statement of a batched claim (`claimMany`), with its filter parameters. */
export interface ClaimManySql extends FilterSql {
  /**
   * Rows `(alive, now, id, created_at, last_interval_ms, token, retry_at, tag, tag_value,
   * tag_updated_at)`: one per tag of each machine the walk locked (at least one row per machine;
   * the claim's columns are the same in each), `token` null for a machine that turned out no
   * longer claimable; one row with `id` null when the walk locked none, whose `retry_at` is the
   * earliest active backoff end of the process (null: none), as a claim's (see `claimFilterSql`). `alive` is false when the
   * session was dead (as the snapshot or, after the locks, its row showed it): nothing written.
   */
  text: string;
}

/**
 * Builds the statement of a batched claim by filter: one plain statement, prepared by name per
 * filter shape as the claim's (see `claimFilterSql`, whose steps, parameters `$1`–`$9` and
 * locking discipline it shares). `$10` is the limit, read from `c` like the walk's other values, so
 * Postgres keeps one generic plan rather than planning every claim (see `sessionClockSql`).
 *
 * The walk locks up to `$10` eligible machines (`SKIP LOCKED`) in id order from the start id `$8`
 * to the end, and, when that stretch held fewer, from the lowest id up to `$8`: two walks in one
 * statement, so a batch wraps around without a second round trip. Then, as for one claim, the
 * session row is locked and its deadline read again, and each machine whose version is still the
 * snapshot's gets its work inserted with a fresh token (in id order) and `Started` at that token,
 * or `claim_write` (locks and re-reads: docs/postgres-locking.md). Tokens come from one sequence,
 * so the caller orders the works by token. `retry_at` is computed once, on `c`'s row
 * (not in every result row, where the planner costed its subquery once per expected row, and the
 * total passed `jit_above_cost` at 100,000 machines: 25 ms of JIT compilation per claim). For the
 * same reason each walk, and `x`, also carry the constant limit `LIMITS.claimBatch` (no lower than
 * any `$10` core lets through, so it never binds): the planner does not know `c.lim`, and without
 * a constant it expects a tenth of the machines to come back (and `x`'s join with `w` to multiply
 * them), every one of them costed through the writes and the tags.
 */
export function claimManySql(filter: StoreFilter, schema: string): ClaimManySql {
  const after = compileFilterSql(filter, schema, 'c.now', '>= c.start', CLAIM_FILTER_VALUES);
  const before = compileFilterSql(filter, schema, 'c.now', '< c.start', CLAIM_FILTER_VALUES);
  const fromStart = candidatePickSql(schema, after.sql, '>= c.start', 'c.lim');
  const wrapped = candidatePickSql(schema, before.sql, '< c.start', 'c.lim - (select count(*) from a)');
  const text = `with c as materialized (${sessionClockSql(schema, ', $10::int as lim')}),
    a as materialized (select p.* from c, lateral (${fromStart}) p limit ${LIMITS.claimBatch}),
    b as materialized (select p.* from c, lateral (${wrapped}) p limit ${LIMITS.claimBatch}),
    p as materialized (
      select q.*, case when q.unchanged
                  then (select deadline from ${schema}.sessions where id = $7::uuid for key share) > c.now
             end as live
        from c, (select * from a union all select * from b) q),
    w as (insert into ${schema}.work (machine_id, process, session_id, token, started_at)
           select p.id, $5::text, $7::uuid, nextval('${schema}.tokens'::regclass), c.now from p, c
            where p.live and $9::boolean order by p.id
           on conflict (machine_id, process) do nothing returning machine_id, token),
    h as (insert into ${schema}.history (seq, machine_id, process, event, at, session_id, token)
           select w.token, w.machine_id, $5::text, 'Started', c.now, $7::uuid, w.token from w, c),
    x as (select p.id, p.created_at, p.last_interval_ms, p.live,
                 case when p.live then coalesce(w.token,
                   ${schema}.claim_write(p.id, $7::uuid, $5::text, $6::text[], c.now)) end as token
            from p cross join c left join w on w.machine_id = p.id limit ${LIMITS.claimBatch})
    select c.alive and coalesce(x.live, true) as alive, c.now, x.id, x.created_at, x.last_interval_ms, x.token,
           r.retry_at, t.tag, t.tag_value, t.tag_updated_at
      from c cross join lateral (select case when c.alive and not exists (select 1 from x)
               then (select min(bo.until) from ${schema}.backoffs bo where bo.process = $5::text and bo.until > c.now)
             end as retry_at offset 0) r
      left join x on true
      ${claimedTagsSql(schema, 'x')}`;
  return { ...after, text };
}
