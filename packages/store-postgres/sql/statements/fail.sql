-- fail (store.fail). Parameters: $1 the session, $2 the machine, $3 the process, $4 the token,
-- $5 the cause, $6 the backoff interval, $7 its delay (both from core's policy), $8 an injected
-- now (null: the database clock). One row (alive, ended, now).
--
-- When the session is alive on this statement's snapshot, locks the machine and bumps its version
-- (a backoff changes), then deletes the work if this token still holds it, appends Failed and
-- writes the pair's backoff (ended), in the order the CTEs reference each other. alive without
-- ended: the work is lost. Not alive: nothing was written, and the store calls the fail function,
-- which reads the deadline again under the lock (docs/postgres-locking.md).
with k as materialized (
      select (select deadline from :TAGOUT_SCHEMA.sessions where id = $1::uuid) as deadline,
             :TAGOUT_SCHEMA.now_ms($8::float8) as now),
    m as (update :TAGOUT_SCHEMA.machines set version = version + 1
       where id = $2::uuid and (select deadline > now from k) returning id),
    ended as (delete from :TAGOUT_SCHEMA.work w using k, m
       where w.machine_id = m.id and w.process = $3::text and w.token = $4::int8 and w.session_id = $1::uuid
       returning w.token, k.now),
    h as (insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token, cause)
       select $2::uuid, $3::text, 'Failed', now, $1::uuid, token, $5::text from ended),
    b as (insert into :TAGOUT_SCHEMA.backoffs (machine_id, process, until, cause, last_interval_ms)
       select $2::uuid, $3::text, now + $7::float8, $5::text, $6::float8 from ended
       on conflict (machine_id, process) do update
         set until = excluded.until, cause = excluded.cause, last_interval_ms = excluded.last_interval_ms)
    select k.deadline > k.now as alive, exists (select 1 from ended) as ended, k.now from k
