-- finish that writes or deletes tags, the common case (store.finish). Parameters: $1 the session,
-- $2 the machine, $3 the process, $4 the token, $5 the names of the tags to set, $6 their values
-- (JSON text), $7 the names of the tags to delete, $8 an injected now (null: the database clock).
-- One row (simple, ended).
--
-- When the session is alive on this statement's snapshot and the pair has no backoff (simple):
-- locks the machine and bumps its version (claims re-read it: docs/postgres-locking.md, rule 2),
-- then, if this token still holds the work, deletes it, appends Finished, sets the tags and
-- deletes the named ones (a name in both lists is deleted, as set-then-delete leaves it) (ended).
-- The machine is locked before the work row, in the order the finish function and claims lock.
-- Otherwise it writes nothing and the store calls the finish function, which clears the backoff
-- and reads the deadline again. simple without ended: the work is lost (the version bump of a
-- lost finish changes no tag; a claim that meets it runs again).
with k as materialized (
      select (select deadline from :TAGOUT_SCHEMA.sessions where id = $1::uuid) as deadline,
             :TAGOUT_SCHEMA.now_ms($8::float8) as now,
             exists (select 1 from :TAGOUT_SCHEMA.backoffs where machine_id = $2::uuid and process = $3::text) as backoff),
    m as (update :TAGOUT_SCHEMA.machines set version = version + 1 from k
       where id = $2::uuid and k.deadline > k.now and not k.backoff
       returning id),
    ended as (delete from :TAGOUT_SCHEMA.work w using k
       where w.machine_id = $2::uuid and w.process = $3::text and w.token = $4::int8 and w.session_id = $1::uuid
         and exists (select 1 from m)
       returning w.token, k.now),
    h as (insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
       select $2::uuid, $3::text, 'Finished', now, $1::uuid, token from ended),
    s as (insert into :TAGOUT_SCHEMA.tags (machine_id, name, value, updated_at)
       select $2::uuid, u.name, u.value::jsonb, ended.now from ended, unnest($5::text[], $6::text[]) as u(name, value)
        where not u.name = any($7::text[])
       on conflict (machine_id, name) do update set value = excluded.value, updated_at = excluded.updated_at),
    d as (delete from :TAGOUT_SCHEMA.tags t using ended
       where t.machine_id = $2::uuid and t.name = any($7::text[]))
    select k.deadline > k.now and not k.backoff as simple, exists (select 1 from ended) as ended from k
