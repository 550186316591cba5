/**
 * Plain statements that end held work in the common case, instead of the `finish` and `fail`
 * functions: one statement each, without plpgsql's per-call and per-statement costs. When the
 * snapshot shows the session past its deadline they write nothing, and the caller calls the
 * function, which reads the deadline again before it reports the session expired (a heartbeat
 * may have moved it after this statement's snapshot).
 */

/**
 * The statement of a finish that writes no tags. Parameters: `$1` the session, `$2` the machine, `$3` the
 * process, `$4` the token, `$5` an injected now (null: the database clock). Returns one row
 * `(simple, ended)`.
 *
 * It reads the session's deadline and whether the pair has a backoff, and when the session is
 * alive and there is no backoff (`simple`), deletes the work if this token still holds it and
 * appends Finished (`ended`); deleting work needs no machine lock. Otherwise it writes nothing,
 * and the caller calls the `finish` function, which locks the machine to clear the backoff.
 * `simple` without `ended`: the work is lost.
 */
export function finishSql(schema: string): string {
  return `with k as materialized (
      select (select deadline from ${schema}.sessions where id = $1::uuid) as deadline,
             ${schema}.now_ms($5::float8) as now,
             exists (select 1 from ${schema}.backoffs where machine_id = $2::uuid and process = $3::text) as backoff),
    ended as (delete from ${schema}.work w using k
       where w.machine_id = $2::uuid and w.process = $3::text and w.token = $4::int8 and w.session_id = $1::uuid
         and k.deadline > k.now and not k.backoff
       returning w.token, k.now),
    h as (insert into ${schema}.history (machine_id, process, event, at, session_id, token)
       select $2::uuid, $3::text, 'Finished', now, $1::uuid, token from ended)
    select k.deadline > k.now and not k.backoff as simple, exists (select 1 from ended) as ended from k`;
}

/**
 * The statement of a fail. Parameters: `$1` the session, `$2` the machine, `$3` the process,
 * `$4` the token, `$5` the cause, `$6` the backoff interval, `$7` its delay (both from core's
 * policy), `$8` an injected now (null: the database clock). Returns one row `(alive, ended, now)`.
 *
 * When the session is alive (on this statement's snapshot) it locks the machine and bumps its
 * version (a backoff changes), then deletes the work if this token still holds it, appends Failed
 * and writes the pair's backoff (`ended`), in the order the CTEs reference each other. `alive`
 * without `ended`: the work is lost. Not `alive`: nothing was written.
 */
export function failSql(schema: string): string {
  return `with k as materialized (
      select (select deadline from ${schema}.sessions where id = $1::uuid) as deadline,
             ${schema}.now_ms($8::float8) as now),
    m as (update ${schema}.machines set version = version + 1
       where id = $2::uuid and (select deadline > now from k) returning id),
    ended as (delete from ${schema}.work w using k, m
       where w.machine_id = m.id and w.process = $3::text and w.token = $4::int8 and w.session_id = $1::uuid
       returning w.token, k.now),
    h as (insert into ${schema}.history (machine_id, process, event, at, session_id, token, cause)
       select $2::uuid, $3::text, 'Failed', now, $1::uuid, token, $5::text from ended),
    b as (insert into ${schema}.backoffs (machine_id, process, until, cause, last_interval_ms)
       select $2::uuid, $3::text, now + $7::float8, $5::text, $6::float8 from ended
       on conflict (machine_id, process) do update
         set until = excluded.until, cause = excluded.cause, last_interval_ms = excluded.last_interval_ms)
    select k.deadline > k.now as alive, exists (select 1 from ended) as ended, k.now from k`;
}
