-- clearBackoff, an operator operation. Parameters: $1 the machine, $2 the process, $3 an injected
-- now (null: the database clock), $4 resetInterval, $5 the reason (null: none). One row (found,
-- active, changed): changed when it changed a backoff.
--
-- Locks the machine and bumps its version first (as fail does), then reads the clock and locks
-- the pair's backoff (docs/postgres-locking.md). An active backoff gets until = now, or is
-- deleted with resetInterval, as an inactive one is; when it changed a backoff, it appends
-- BackoffCleared with the nil UUID as its session (core's OPERATOR_SESSION_ID) and token 0. The
-- CTEs run in the order they reference each other.
with m as (update :TAGOUT_SCHEMA.machines set version = version + 1 where id = $1::uuid returning id),
    c as materialized (select :TAGOUT_SCHEMA.now_ms($3::float8) as now from m),
    b as materialized (select x.until > c.now as active from :TAGOUT_SCHEMA.backoffs x, c
       where x.machine_id = $1::uuid and x.process = $2::text for update of x),
    ended as (update :TAGOUT_SCHEMA.backoffs x set until = c.now from c, b
       where x.machine_id = $1::uuid and x.process = $2::text and b.active and not $4::boolean returning 1),
    deleted as (delete from :TAGOUT_SCHEMA.backoffs x using b
       where x.machine_id = $1::uuid and x.process = $2::text and $4::boolean returning 1),
    h as (insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token, cause)
       select $1::uuid, $2::text, 'BackoffCleared', c.now, '00000000-0000-0000-0000-000000000000'::uuid, 0, $5::text from c
        where exists (select 1 from ended) or exists (select 1 from deleted))
    select exists (select 1 from m) as found, coalesce((select active from b), false) as active,
      exists (select 1 from ended) or exists (select 1 from deleted) as changed
