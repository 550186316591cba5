-- Migration 2: a claim by filter writes with plain statements and no longer bumps the machine's
-- version; claim_write, for the claims plain statements cannot make safely, re-reads the
-- machine's work on a fresh snapshot; finish locks the machine only to change its backoff or
-- tags; closing a session no longer locks the machines of its work. Fewer row locks and version
-- bumps are fewer WAL records and dirtied pages per transition. The fresh re-read also closes a
-- race the version bump left open: a heartbeat that committed between a claim's snapshot and
-- its lock made live work look expired, and the claim reaped it. :TAGOUT_SCHEMA is the schema.
-- Released: never edit this file; add a new migration instead.
--
-- The locking discipline that holds from here on: docs/postgres-locking.md.

drop function :TAGOUT_SCHEMA.claim_write(uuid, uuid, text, double precision);

-- Writes the claim on a machine the caller locked (holding its session's KEY SHARE lock), after
-- reading on a fresh snapshot (this statement's, taken after the locks) that no blocker holds live
-- work: a claim or a heartbeat that committed after the caller's snapshot is seen here. Reaps the
-- pair's expired work (Expired), then a new token and Started. Returns the token, or null when a
-- blocker holds live work (nothing written; a claim by filter looks again).
create function :TAGOUT_SCHEMA.claim_write(p_machine uuid, p_session uuid, p_process text, p_blockers text[],
  p_now double precision) returns bigint
language plpgsql as $fn$
declare
  v_blocked boolean;
  v_reap boolean;
  v_token bigint;
begin
  select coalesce(bool_or(w.process = any(p_blockers) and se.deadline > p_now), false),
         coalesce(bool_or(w.process = p_process), false)
    into v_blocked, v_reap
    from :TAGOUT_SCHEMA.work w left join :TAGOUT_SCHEMA.sessions se on se.id = w.session_id
   where w.machine_id = p_machine;
  if v_blocked then return null; end if;
  if v_reap then
    with reaped as (
      delete from :TAGOUT_SCHEMA.work where machine_id = p_machine and process = p_process returning session_id, token)
    insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
      select p_machine, p_process, 'Expired', p_now, session_id, token from reaped;
  end if;
  with started as (
    insert into :TAGOUT_SCHEMA.work (machine_id, process, session_id, token, started_at)
      values (p_machine, p_process, p_session, nextval(':TAGOUT_SCHEMA.tokens'), p_now) returning token)
  insert into :TAGOUT_SCHEMA.history (seq, machine_id, process, event, at, session_id, token)
    select token, p_machine, p_process, 'Started', p_now, p_session, token from started
  returning token into v_token;
  return v_token;
end
$fn$;

create or replace function :TAGOUT_SCHEMA.claim_id(p_session uuid, p_machine uuid, p_process text, p_blockers text[],
  p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_deadline double precision;
  v_found boolean;
  v_now double precision;
  v_refusal jsonb;
  v_token bigint;
begin
  select deadline into v_deadline from :TAGOUT_SCHEMA.sessions where id = p_session for key share;
  perform 1 from :TAGOUT_SCHEMA.machines where id = p_machine for no key update;
  v_found := found;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  if v_deadline is null or v_deadline <= v_now then return '{"ok":false,"reason":"session-expired"}'::jsonb; end if;
  if not v_found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  v_refusal := :TAGOUT_SCHEMA.claim_refusal(p_machine, p_process, p_blockers, v_now);
  if v_refusal is not null then return v_refusal; end if;
  v_token := :TAGOUT_SCHEMA.claim_write(p_machine, p_session, p_process, p_blockers, v_now);
  -- A heartbeat between the two reads made expired-looking work live: report that conflict.
  if v_token is null then return :TAGOUT_SCHEMA.claim_refusal(p_machine, p_process, p_blockers, v_now); end if;
  return jsonb_build_object('ok', true, 'work', jsonb_build_object(
    'machine', :TAGOUT_SCHEMA.machine_json(p_machine), 'token', v_token, 'startedAt', v_now,
    'lastIntervalMs', (select last_interval_ms from :TAGOUT_SCHEMA.backoffs where machine_id = p_machine and process = p_process)));
end
$fn$;

-- Deleting the session row waits for the claims holding its KEY SHARE lock; the work they wrote
-- is then released too. Deleting work needs no machine lock.
create or replace function :TAGOUT_SCHEMA.close_session(p_session uuid, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_deadline double precision;
  v_now double precision;
  v_released integer;
begin
  delete from :TAGOUT_SCHEMA.sessions where id = p_session returning deadline into v_deadline;
  if v_deadline is null then return '{"released":0}'::jsonb; end if;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  with released as (delete from :TAGOUT_SCHEMA.work where session_id = p_session returning machine_id, process, token)
  insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
    select machine_id, process, case when v_deadline > v_now then 'Canceled' else 'Expired' end,
           v_now, p_session, token
    from released order by token;
  get diagnostics v_released = row_count;
  return jsonb_build_object('released', v_released);
end
$fn$;

-- Locks the machine only to change its backoff or tags (and then bumps its version, before
-- touching the work row, in the order claims lock); deleting the work row alone needs neither.
create or replace function :TAGOUT_SCHEMA.finish(p_session uuid, p_machine uuid, p_process text, p_token bigint,
  p_set_names text[], p_set_values text[], p_delete_names text[], p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
  v_bump boolean;
begin
  select (select deadline from :TAGOUT_SCHEMA.sessions where id = p_session),
         cardinality(p_set_names) > 0 or cardinality(p_delete_names) > 0
           or exists (select 1 from :TAGOUT_SCHEMA.backoffs where machine_id = p_machine and process = p_process)
    into v_deadline, v_bump;
  if v_bump then update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine; end if;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  if v_deadline is null or v_deadline <= v_now then
    select deadline into v_deadline from :TAGOUT_SCHEMA.sessions where id = p_session;
    if v_deadline is null or v_deadline <= v_now then return '{"ok":false,"reason":"session-expired"}'::jsonb; end if;
  end if;
  with ended as (delete from :TAGOUT_SCHEMA.work
      where machine_id = p_machine and process = p_process and token = p_token and session_id = p_session
      returning token)
  insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token, cause)
    select p_machine, p_process, 'Finished', v_now, p_session, token, null from ended;
  if not found then return '{"ok":false,"reason":"lost"}'::jsonb; end if;
  if v_bump then
    delete from :TAGOUT_SCHEMA.backoffs where machine_id = p_machine and process = p_process;
    perform :TAGOUT_SCHEMA.write_tags(p_machine, p_set_names, p_set_values, v_now);
    if cardinality(p_delete_names) > 0 then
      delete from :TAGOUT_SCHEMA.tags where machine_id = p_machine and name = any(p_delete_names);
    end if;
  end if;
  return '{"ok":true}'::jsonb;
end
$fn$;
