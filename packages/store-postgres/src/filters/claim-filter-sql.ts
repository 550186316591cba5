import type { StoreFilter } from '@tagout/core';
import { compileFilterSql, type FilterSql } from './filter-sql.js';

/** The single statement of a claim by filter, with its filter parameters. */
export interface ClaimFilterSql extends FilterSql {
  /**
   * The whole claim: rows `(alive, now, id, created_at, last_interval_ms, token, retry_at, tag,
   * tag_value, tag_updated_at)`, one per tag of the claimed machine (at least one; the claim's
   * columns are the same in each); `id` is null when no eligible machine at or after the start
   * id was free, `token` null when the locked one turned out no longer claimable. `retry_at`,
   * only when `id` is null: the earliest active backoff end of the process (null: none).
   */
  text: string;
  /**
   * The candidate query alone (part of `text`): reads `c.now` and `c.alive` from a relation
   * `c`, locks at most one machine and returns `(id, created_at, unchanged, last_interval_ms)`.
   * Exposed for EXPLAIN.
   */
  pick: string;
}

/** The lowest uuid: a claim whose walk from its cursor found nothing walks again from here. */
export const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Builds the statement of a claim by filter: one plain statement, so the driver prepares it by
 * name once per connection and filter shape and Postgres plans it once, not once per claim.
 * Parameters: `$1`–`$3` the filter's (see `FILTER_PARAMS`), `$4` an injected now (null: the
 * database clock), `$5` the process, `$6` its blockers, `$7` the session, `$8` the id the walk
 * starts from (the store's cursor, see `ClaimCursors`; the caller walks again from
 * {@link FIRST_ID} when nothing was found after it), `$9` whether the blockers are
 * the process alone (then the work table's primary key can stand guard). The walk reads the
 * values it filters by from `c`, not from the parameters, so Postgres keeps one generic plan
 * (see {@link sessionClockSql}).
 *
 * Steps: `c` reads the session's deadline and the clock once; the pick walks eligible machines
 * in id order from `$8` and locks the first one free (`SKIP LOCKED`); the session row is locked
 * and its deadline checked again (`live`); the claim is written (an insert guarded by the
 * primary key, else `claim_write`), and the machine's tags (a row each, cheaper than aggregating
 * them into JSON) and the pair's last backoff interval are read for the result. Why each lock,
 * in that order, and why the claim re-reads under them (`unchanged`, `claim_write`):
 * docs/postgres-locking.md. A claim that finds nothing reads the earliest active backoff end of
 * the process instead (`retry_at`, through `backoffs_process_until_idx` of migration 8), from
 * which core knows how long to wait. The id range is repeated on every table the walk joins
 * (where it is implied): without it, a generic plan merge-joins the work and backoff indexes
 * from their first entry on every claim.
 *
 * `alive` false can come from a snapshot that predates a heartbeat committed just before the
 * clock was read; the caller runs the statement once more before it reports the session expired.
 * Whenever nothing was written, `token` is null and the caller runs the statement again on a
 * fresh snapshot.
 */
export function claimFilterSql(filter: StoreFilter, schema: string): ClaimFilterSql {
  const compiled = compileFilterSql(filter, schema, 'c.now', '>= c.start', CLAIM_FILTER_VALUES);
  const pick = candidatePickSql(schema, compiled.sql, '>= c.start', '1');
  // `offset 0` keeps `claim_write` (a volatile call, made once) below the join with the tags.
  // The machine is locked before the session row (docs/postgres-locking.md, "The session row").
  const text = `with c as materialized (${sessionClockSql(schema)}),
    p as materialized (
      select c.alive, c.now, p.*,
             case when p.unchanged
                  then (select deadline from ${schema}.sessions where id = $7::uuid for key share) > c.now
             end as live
        from c left join lateral (${pick}) p on true),
    w as (insert into ${schema}.work (machine_id, process, session_id, token, started_at)
           select p.id, $5::text, $7::uuid, nextval('${schema}.tokens'::regclass), p.now from p
            where p.live and $9::boolean
           on conflict (machine_id, process) do nothing returning machine_id, token),
    h as (insert into ${schema}.history (seq, machine_id, process, event, at, session_id, token)
           select w.token, w.machine_id, $5::text, 'Started', p.now, $7::uuid, w.token from w, p)
    select x.*, t.tag, t.tag_value, t.tag_updated_at
      from (select coalesce(p.live, p.alive) as alive, p.now, p.id, p.created_at, p.last_interval_ms,
                   case when p.live then coalesce((select token from w),
                     ${schema}.claim_write(p.id, $7::uuid, $5::text, $6::text[], p.now)) end as token,
                   case when p.alive and p.id is null then (select min(b.until) from ${schema}.backoffs b
                     where b.process = $5::text and b.until > p.now) end as retry_at
              from p offset 0) x
      ${claimedTagsSql(schema, 'x')}`;
  return { ...compiled, text, pick };
}

/** Where a claim's candidate walk reads the filter's values: from `c`, not from `$1`–`$3`. */
export const CLAIM_FILTER_VALUES = { texts: 'c.texts', jsons: 'c.jsons', nums: 'c.nums' };

/**
 * The values a claim's candidate walk reads from `c` rather than from the parameters (see
 * {@link sessionClockSql}): `start` (`$8`), `process` (`$5`), `blockers` (`$6`) and the filter's
 * `texts`, `jsons`, `nums` (`$1`–`$3`, typed here even when a filter uses none).
 */
export const CLAIM_WALK_VALUES =
  '$8::uuid as start, $5::text as process, $6::text[] as blockers, $1::text[] as texts, $2::jsonb[] as jsons, $3::float8[] as nums';

/**
 * The relation `c` of a claim statement: one row, `alive` (the session's deadline, as the
 * statement's snapshot shows it, is after now), `now` (`$4`, or the database clock), the
 * {@link CLAIM_WALK_VALUES} and `extra` columns (`, $10::int as lim`).
 *
 * Why the walk reads its values from here rather than from the parameters: a prepared statement
 * runs its first five executions on custom plans, made for the values given, and keeps making a
 * custom plan for every later one (about 1 ms of planning for a claim) while the generic plan's
 * estimate is higher than theirs. A plan for a known start id, limit, tag name or process looks
 * cheaper than one that knows none of them (a batched claim's generic plan was estimated at twice
 * its custom ones), so Postgres planned every batched claim anew. Read from this materialized row,
 * the values are unknown to every plan: a custom plan estimates what the generic one does plus its
 * planning, and Postgres keeps the generic plan after five runs.
 */
export function sessionClockSql(schema: string, extra = ''): string {
  return `select s.deadline > s.now as alive, s.*
        from (select (select deadline from ${schema}.sessions where id = $7::uuid) as deadline,
                     ${schema}.now_ms($4::float8) as now, ${CLAIM_WALK_VALUES}${extra} offset 0) s`;
}

/**
 * The candidate walk of a claim by filter, in machine id order over the ids `m.id <range>`: at
 * most `limit` eligible machines (the filter `filterSql` holds, no live work of a blocker
 * `c.blockers`, no active backoff of the process `c.process`) that no one else has locked, each
 * locked (`FOR NO KEY UPDATE SKIP LOCKED`), as `(id, created_at, unchanged, last_interval_ms)`.
 * Reads `c` (see {@link sessionClockSql}). The range is repeated on every table the walk joins
 * (see {@link claimFilterSql}).
 */
export function candidatePickSql(schema: string, filterSql: string, range: string, limit: string): string {
  return `select m.id, m.created_at, m.version = m0.version as unchanged, b.last_interval_ms
      from ${schema}.machines m join ${schema}.machines m0 on m0.id = m.id
        left join ${schema}.backoffs b on b.machine_id = m.id and b.machine_id ${range} and b.process = c.process
     where c.alive and m.id ${range} and ${filterSql}
       and not exists (select 1 from ${schema}.work w join ${schema}.sessions se on se.id = w.session_id
         where w.machine_id = m.id and w.machine_id ${range} and w.process = any(c.blockers)
           and se.deadline > c.now)
       and (b.until is null or b.until <= c.now)
     order by m.id limit ${limit} for no key update of m skip locked`;
}

/**
 * The tags of each claimed machine of relation `x` (columns `id`, `token`), as `(tag, tag_value,
 * tag_updated_at)`: a `left join` (a machine without tags still gives its row), looked up through
 * the tags' key per claimed machine. Lateral and kept from being flattened (`offset 0`), because
 * a plain join let the planner hash the whole tags table on every claim (it expected dozens of
 * claimed rows): 0.2 ms at 5,000 tags, growing with the fleet.
 */
export function claimedTagsSql(schema: string, x: string): string {
  return `left join lateral (select t.name as tag, t.value as tag_value, t.updated_at as tag_updated_at
        from ${schema}.tags t where ${x}.token is not null and t.machine_id = ${x}.id offset 0) t on true`;
}
