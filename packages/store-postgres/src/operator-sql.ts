/**
 * Plain statements of the operator operations (no migration: they use the tables as they are).
 * `schema` is the quoted schema.
 */

/** The session id of operator events (core's `OPERATOR_SESSION_ID`, the nil UUID). */
const OPERATOR_SESSION = '00000000-0000-0000-0000-000000000000';

/**
 * The statement of `clearBackoff`. Parameters: `$1` the machine, `$2` the process, `$3` an
 * injected now (null: the database clock), `$4` resetInterval, `$5` the reason (null: none).
 * Returns one row `(found, active, changed)`: `changed` when it changed a backoff.
 *
 * It locks the machine and bumps its version first (as `fail` does, so the two never lock in
 * opposite orders), then reads the clock and locks the pair's backoff (FOR UPDATE sees the
 * latest committed version of a row another transaction changed meanwhile). An active backoff
 * gets `until = now`, or is deleted with resetInterval, as an inactive one is; when it changed
 * a backoff, it appends BackoffCleared. The CTEs run in the order they reference each other.
 */
export function clearBackoffSql(schema: string): string {
  return `with m as (update ${schema}.machines set version = version + 1 where id = $1::uuid returning id),
    c as materialized (select ${schema}.now_ms($3::float8) as now from m),
    b as materialized (select x.until > c.now as active from ${schema}.backoffs x, c
       where x.machine_id = $1::uuid and x.process = $2::text for update of x),
    ended as (update ${schema}.backoffs x set until = c.now from c, b
       where x.machine_id = $1::uuid and x.process = $2::text and b.active and not $4::boolean returning 1),
    deleted as (delete from ${schema}.backoffs x using b
       where x.machine_id = $1::uuid and x.process = $2::text and $4::boolean returning 1),
    h as (insert into ${schema}.history (machine_id, process, event, at, session_id, token, cause)
       select $1::uuid, $2::text, 'BackoffCleared', c.now, '${OPERATOR_SESSION}'::uuid, 0, $5::text from c
        where exists (select 1 from ended) or exists (select 1 from deleted))
    select exists (select 1 from m) as found, coalesce((select active from b), false) as active,
      exists (select 1 from ended) or exists (select 1 from deleted) as changed`;
}

/**
 * The statement of `listSessions`. Parameters: `$1` an injected now (null: the database clock),
 * `$2` aliveOnly, `$3` the limit. Rows: the session's columns, `alive` and `live_work` (its work
 * items while alive, counted through `work_session_idx`).
 */
export function listSessionsSql(schema: string): string {
  return `select se.id, se.component, se.runtime_info, se.interval_ms, se.created_at, se.deadline,
      se.deadline > c.now as alive,
      case when se.deadline > c.now
        then (select count(*) from ${schema}.work w where w.session_id = se.id) else 0 end as live_work
    from ${schema}.sessions se, (select ${schema}.now_ms($1::float8) as now) c
    where not $2::boolean or se.deadline > c.now
    order by se.created_at, se.id
    limit $3::int`;
}
