-- finish, the common case: a finish that writes no tags (store.finish). Parameters: $1 the
-- session, $2 the machine, $3 the process, $4 the token, $5 an injected now (null: the database
-- clock). One row (simple, ended).
--
-- When the session is alive on this statement's snapshot and the pair has no backoff (simple),
-- deletes the work if this token still holds it and appends Finished (ended); deleting work needs
-- no machine lock. Otherwise it writes nothing and the store calls the finish function, which
-- locks the machine to clear the backoff and reads the deadline again (docs/postgres-locking.md).
-- simple without ended: the work is lost.
with k as materialized (
      select (select deadline from :TAGOUT_SCHEMA.sessions where id = $1::uuid) as deadline,
             :TAGOUT_SCHEMA.now_ms($5::float8) as now,
             exists (select 1 from :TAGOUT_SCHEMA.backoffs where machine_id = $2::uuid and process = $3::text) as backoff),
    ended as (delete from :TAGOUT_SCHEMA.work w using k
       where w.machine_id = $2::uuid and w.process = $3::text and w.token = $4::int8 and w.session_id = $1::uuid
         and k.deadline > k.now and not k.backoff
       returning w.token, k.now),
    h as (insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
       select $2::uuid, $3::text, 'Finished', now, $1::uuid, token from ended)
    select k.deadline > k.now and not k.backoff as simple, exists (select 1 from ended) as ended from k
