-- Migration 3: sessions are deleted once retired. Each session keeps the retention core passes
-- with createSession and heartbeat (retention_ms); it is retired once
-- deadline + retention_ms <= now, and create_session deletes up to 100 retired sessions that hold
-- no work in the same transaction, so crashed workers' sessions do not pile up. :TAGOUT_SCHEMA is
-- the schema. Released: never edit this file; add a new migration instead.
--
-- A missing session counts as dead everywhere already: every check of a session's deadline
-- joins or looks up the session row, so work whose session is gone is never live, and a claim,
-- a cancel or a machine's deletion reaps it. (No foreign key points at sessions.)
--
-- The five-argument create_session and the two-argument heartbeat of migration 1 stay, for
-- processes still running the previous release during an upgrade; their sessions get the
-- column's default, the engine's default retention.

-- retention_ms: how long the session is kept after its deadline once it is dead (from core, set
-- by create_session and every heartbeat). Indexed as deadline + retention_ms, the time it
-- retires, so create_session finds retired sessions without a scan. The index makes a heartbeat
-- a non-HOT update (one index entry more per heartbeat, on a table of one row per worker).
alter table :TAGOUT_SCHEMA.sessions add column retention_ms double precision not null default 3600000;
create index sessions_retired_idx on :TAGOUT_SCHEMA.sessions ((deadline + retention_ms));

-- Deletes up to 100 retired sessions holding no work (skipping rows another transaction has
-- locked: a claim's KEY SHARE, a heartbeat's update; both mean the session is in use, and
-- waiting could only slow this one down), then inserts the new one. A work row committed after
-- this statement's snapshot is not seen by its NOT EXISTS; the session it names is dead past its
-- retention anyway, and the row stays reapable like any work of a missing session.
create function :TAGOUT_SCHEMA.create_session(p_id uuid, p_component text, p_runtime_info text,
  p_interval double precision, p_retention double precision, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision := :TAGOUT_SCHEMA.now_ms(p_now);
begin
  delete from :TAGOUT_SCHEMA.sessions where id in (
    select se.id from :TAGOUT_SCHEMA.sessions se
     where se.deadline + se.retention_ms <= v_now
       and not exists (select 1 from :TAGOUT_SCHEMA.work w where w.session_id = se.id)
     order by se.deadline + se.retention_ms
     limit 100
     for update skip locked);
  insert into :TAGOUT_SCHEMA.sessions (id, component, runtime_info, interval_ms, retention_ms, created_at, deadline)
    values (p_id, p_component, p_runtime_info, p_interval, p_retention, v_now, v_now + p_interval);
  return jsonb_build_object('createdAt', v_now, 'deadline', v_now + p_interval);
end
$fn$;

-- As migration 1's, and it sets the retention the session keeps after this new deadline.
create function :TAGOUT_SCHEMA.heartbeat(p_session uuid, p_retention double precision, p_now double precision)
returns jsonb language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
begin
  perform 1 from :TAGOUT_SCHEMA.sessions where id = p_session for no key update;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  update :TAGOUT_SCHEMA.sessions set deadline = v_now + interval_ms, retention_ms = p_retention
    where id = p_session and deadline > v_now
    returning deadline into v_deadline;
  if v_deadline is null then return '{"ok":false,"reason":"session-expired"}'::jsonb; end if;
  return jsonb_build_object('ok', true, 'deadline', v_deadline);
end
$fn$;
