/**
 * The statement of a finish that writes no tags: one plain statement instead of the `finish`
 * function, for the common case. Parameters: `$1` the session, `$2` the machine, `$3` the
 * process, `$4` the token, `$5` an injected now (null: the database clock). Returns one row
 * `(simple, ended)`.
 *
 * It reads the session's deadline and whether the pair has a backoff, and when the session is
 * alive and there is no backoff (`simple`), deletes the work if this token still holds it and
 * appends Finished (`ended`); deleting work needs no machine lock. Otherwise it writes nothing,
 * and the caller calls the `finish` function, which locks the machine to clear the backoff and
 * reads the deadline again before it reports the session expired (the snapshot here may predate
 * a heartbeat that moved it). `simple` without `ended`: the work is lost.
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
