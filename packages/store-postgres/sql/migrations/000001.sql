-- Migration 1: tables, indexes and transition functions (one per transition, so each
-- transition is one round trip). :TAGOUT_SCHEMA is the schema, substituted as a quoted
-- identifier. Released: never edit this file; add a new migration instead.
--
-- Times and durations are `double precision` milliseconds since the epoch: the number type
-- JavaScript uses, so `now + interval` in SQL is bit for bit what core and the reference model
-- compute. Tokens are a bigint sequence. Machine and session ids are `uuid` (core makes them
-- lowercase UUIDs; uuid order is their text order).
--
-- No foreign keys: delete_machine deletes a machine's tags, work and backoffs itself, under the
-- machine's row lock, and keeps its history (which outlives the machine); a missing session
-- counts as dead everywhere (its work is expired), so no row needs its session to exist.
--
-- Locks and clock: docs/postgres-locking.md. Migration 2 replaces claim_write, claim_id,
-- close_session and finish.

-- Tokens and history positions come from one sequence: a Started event's position is its
-- token, so history order (by seq) shows tokens strictly increasing, and the events of one
-- pair (written under its machine lock) are in the order they happened.
create sequence :TAGOUT_SCHEMA.tokens;

-- version: bumped (under the row lock) by every transition that changes the machine's work,
-- tags or backoffs, so a claim by filter can tell that the machine it locked is still exactly
-- what its snapshot judged eligible (docs/postgres-locking.md). Fill factor 90 leaves room on
-- each page, so the bump is a HOT update.
create table :TAGOUT_SCHEMA.machines (
  -- The machine's id (core's lowercase UUID).
  id uuid primary key,
  -- When it was created (ms since epoch, store clock): createdAt.
  created_at double precision not null,
  -- Bumped under the row lock by each write of its tags or backoffs (before migration 2: work too).
  version bigint not null default 0
) with (fillfactor = 90);
create index machines_created_idx on :TAGOUT_SCHEMA.machines (created_at, id);

create table :TAGOUT_SCHEMA.tags (
  -- The machine (not a foreign key: see the header).
  machine_id uuid not null,
  -- The tag name.
  name text not null,
  -- The tag's JSON value (core's canonical JSON text, stored as jsonb: compared semantically).
  value jsonb not null,
  -- When it was last written (ms since epoch): updatedAt, read by older/newer filters.
  updated_at double precision not null,
  primary key (machine_id, name)
);
-- Drives claims by filter from the (few) machines carrying a tag.
create index tags_name_idx on :TAGOUT_SCHEMA.tags (name, machine_id);

create table :TAGOUT_SCHEMA.sessions (
  -- The session's id (core's lowercase UUID).
  id uuid primary key,
  -- Who works with it, as given to startSession.
  component text not null,
  -- Free text about the process, as given to startSession.
  runtime_info text not null,
  -- Its heartbeat interval: each heartbeat sets deadline = now + interval_ms.
  interval_ms double precision not null,
  -- When it started (ms since epoch).
  created_at double precision not null,
  -- It dies at this time unless a heartbeat extends it; its work is live while deadline > now.
  deadline double precision not null
);

create table :TAGOUT_SCHEMA.work (
  -- The machine (not a foreign key: see the header).
  machine_id uuid not null,
  -- The process the work is for; one work row per (machine, process) pair.
  process text not null,
  -- The session holding it (not a foreign key: work of a missing session is expired).
  session_id uuid not null,
  -- The fencing token, from the tokens sequence; also the seq of the claim's Started event.
  token bigint not null,
  -- When it was claimed (ms since epoch).
  started_at double precision not null,
  primary key (machine_id, process)
);
create index work_session_idx on :TAGOUT_SCHEMA.work (session_id);

create table :TAGOUT_SCHEMA.backoffs (
  -- The machine (not a foreign key: see the header).
  machine_id uuid not null,
  -- The process locked out on the machine.
  process text not null,
  -- No work for the pair starts before this (ms since epoch); active while until > now.
  until double precision not null,
  -- Why the last attempt failed.
  cause text not null,
  -- The interval that produced until, before jitter: core's base for the next one.
  last_interval_ms double precision not null,
  primary key (machine_id, process)
);

create table :TAGOUT_SCHEMA.history (
  -- Position in the history, from the tokens sequence (a Started event: its token); the event id.
  seq bigint primary key default nextval(':TAGOUT_SCHEMA.tokens'),
  -- The machine (not a foreign key: the history outlives it).
  machine_id uuid not null,
  -- The process of the pair.
  process text not null,
  -- Started, Finished, Failed, Canceled, Expired or BackoffCleared.
  event text not null,
  -- When it happened (ms since epoch).
  at double precision not null,
  -- The session that held or started the work; the nil UUID on BackoffCleared.
  session_id uuid not null,
  -- The fencing token of the work item; 0 on BackoffCleared.
  token bigint not null,
  -- Failed: the failure's cause; BackoffCleared: the operator's reason; otherwise null.
  cause text
);
create index history_machine_idx on :TAGOUT_SCHEMA.history (machine_id, seq);
create index history_process_idx on :TAGOUT_SCHEMA.history (process, seq);

create function :TAGOUT_SCHEMA.now_ms(p_now double precision) returns double precision
language sql volatile as $fn$
  select coalesce(p_now, floor(extract(epoch from clock_timestamp()) * 1000)::double precision)
$fn$;

-- plpgsql rather than sql: its query is planned once per connection, not once per call.
create function :TAGOUT_SCHEMA.machine_json(p_id uuid) returns jsonb
language plpgsql stable as $fn$
begin
  return (select jsonb_build_object(
    'id', m.id,
    'createdAt', m.created_at,
    'tags', coalesce(
      (select jsonb_object_agg(t.name, jsonb_build_object('value', t.value, 'updatedAt', t.updated_at))
         from :TAGOUT_SCHEMA.tags t where t.machine_id = m.id),
      '{}'::jsonb))
  from :TAGOUT_SCHEMA.machines m where m.id = p_id);
end
$fn$;

create function :TAGOUT_SCHEMA.write_tags(p_machine uuid, p_names text[], p_values text[], p_now double precision)
returns void language plpgsql as $fn$
begin
  if cardinality(p_names) > 0 then
    insert into :TAGOUT_SCHEMA.tags (machine_id, name, value, updated_at)
      select p_machine, u.name, u.value::jsonb, p_now from unnest(p_names, p_values) as u(name, value)
    on conflict (machine_id, name) do update set value = excluded.value, updated_at = excluded.updated_at;
  end if;
end
$fn$;

create function :TAGOUT_SCHEMA.create_session(p_id uuid, p_component text, p_runtime_info text,
  p_interval double precision, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision := :TAGOUT_SCHEMA.now_ms(p_now);
begin
  insert into :TAGOUT_SCHEMA.sessions (id, component, runtime_info, interval_ms, created_at, deadline)
    values (p_id, p_component, p_runtime_info, p_interval, v_now, v_now + p_interval);
  return jsonb_build_object('createdAt', v_now, 'deadline', v_now + p_interval);
end
$fn$;

create function :TAGOUT_SCHEMA.heartbeat(p_session uuid, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
begin
  perform 1 from :TAGOUT_SCHEMA.sessions where id = p_session for no key update;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  update :TAGOUT_SCHEMA.sessions set deadline = v_now + interval_ms
    where id = p_session and deadline > v_now
    returning deadline into v_deadline;
  if v_deadline is null then return '{"ok":false,"reason":"session-expired"}'::jsonb; end if;
  return jsonb_build_object('ok', true, 'deadline', v_deadline);
end
$fn$;

create function :TAGOUT_SCHEMA.close_session(p_session uuid, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_deadline double precision;
  v_now double precision;
  v_released integer;
begin
  delete from :TAGOUT_SCHEMA.sessions where id = p_session returning deadline into v_deadline;
  if v_deadline is null then return '{"released":0}'::jsonb; end if;
  perform 1 from :TAGOUT_SCHEMA.machines
    where id in (select machine_id from :TAGOUT_SCHEMA.work where session_id = p_session)
    order by id for no key update;
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = any (select machine_id from :TAGOUT_SCHEMA.work where session_id = p_session);
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

-- Why the locked machine cannot be claimed now (conflict, backed-off), or null.
create function :TAGOUT_SCHEMA.claim_refusal(p_machine uuid, p_process text, p_blockers text[], p_now double precision)
returns jsonb language plpgsql as $fn$
declare
  v_held text;
  v_until double precision;
  v_cause text;
begin
  select w.process into v_held from :TAGOUT_SCHEMA.work w join :TAGOUT_SCHEMA.sessions se on se.id = w.session_id
    where w.machine_id = p_machine and w.process = any(p_blockers) and se.deadline > p_now
    order by w.process <> p_process, w.process collate "C" limit 1;
  if v_held is not null then
    return jsonb_build_object('ok', false, 'reason', 'conflict', 'process', v_held);
  end if;
  select b.until, b.cause into v_until, v_cause from :TAGOUT_SCHEMA.backoffs b
    where b.machine_id = p_machine and b.process = p_process and b.until > p_now;
  if v_until is not null then
    return jsonb_build_object('ok', false, 'reason', 'backed-off', 'until', v_until, 'cause', v_cause);
  end if;
  return null;
end
$fn$;

-- Writes the claim on a locked, checked machine: bumps its version, reaps the pair's expired work
-- (Expired), new token, Started. Returns the token.
create function :TAGOUT_SCHEMA.claim_write(p_machine uuid, p_session uuid, p_process text, p_now double precision)
returns bigint language plpgsql as $fn$
declare
  v_token bigint;
  v_reap boolean;
begin
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine
    returning exists (select 1 from :TAGOUT_SCHEMA.work where machine_id = p_machine and process = p_process) into v_reap;
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

create function :TAGOUT_SCHEMA.claim_id(p_session uuid, p_machine uuid, p_process text, p_blockers text[],
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
  v_token := :TAGOUT_SCHEMA.claim_write(p_machine, p_session, p_process, v_now);
  return jsonb_build_object('ok', true, 'work', jsonb_build_object(
    'machine', :TAGOUT_SCHEMA.machine_json(p_machine), 'token', v_token, 'startedAt', v_now,
    'lastIntervalMs', (select last_interval_ms from :TAGOUT_SCHEMA.backoffs where machine_id = p_machine and process = p_process)));
end
$fn$;

create function :TAGOUT_SCHEMA.finish(p_session uuid, p_machine uuid, p_process text, p_token bigint,
  p_set_names text[], p_set_values text[], p_delete_names text[], p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
begin
  select (select deadline from :TAGOUT_SCHEMA.sessions where id = p_session) into v_deadline from :TAGOUT_SCHEMA.machines where id = p_machine for no key update;
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
  delete from :TAGOUT_SCHEMA.backoffs where machine_id = p_machine and process = p_process;
  -- Deleting work alone needs no version bump (it only makes the machine more eligible);
  -- a changed backoff or tag does (see claim-filter-sql.ts).
  if found or cardinality(p_set_names) > 0 or cardinality(p_delete_names) > 0 then
    update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine;
    perform :TAGOUT_SCHEMA.write_tags(p_machine, p_set_names, p_set_values, v_now);
    if cardinality(p_delete_names) > 0 then
      delete from :TAGOUT_SCHEMA.tags where machine_id = p_machine and name = any(p_delete_names);
    end if;
  end if;
  return '{"ok":true}'::jsonb;
end
$fn$;

create function :TAGOUT_SCHEMA.fail(p_session uuid, p_machine uuid, p_process text, p_token bigint, p_cause text,
  p_interval double precision, p_delay double precision, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
begin
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine returning (select deadline from :TAGOUT_SCHEMA.sessions where id = p_session) into v_deadline;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  if v_deadline is null or v_deadline <= v_now then
    select deadline into v_deadline from :TAGOUT_SCHEMA.sessions where id = p_session;
    if v_deadline is null or v_deadline <= v_now then return '{"ok":false,"reason":"session-expired"}'::jsonb; end if;
  end if;
  with ended as (delete from :TAGOUT_SCHEMA.work
      where machine_id = p_machine and process = p_process and token = p_token and session_id = p_session
      returning token)
  insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token, cause)
    select p_machine, p_process, 'Failed', v_now, p_session, token, p_cause from ended;
  if not found then return '{"ok":false,"reason":"lost"}'::jsonb; end if;
  insert into :TAGOUT_SCHEMA.backoffs (machine_id, process, until, cause, last_interval_ms)
    values (p_machine, p_process, v_now + p_delay, p_cause, p_interval)
  on conflict (machine_id, process) do update
    set until = excluded.until, cause = excluded.cause, last_interval_ms = excluded.last_interval_ms;
  return jsonb_build_object('ok', true, 'backoff', jsonb_build_object(
    'machineId', p_machine, 'process', p_process, 'until', v_now + p_delay, 'cause', p_cause,
    'lastIntervalMs', p_interval, 'active', v_now + p_delay > v_now));
end
$fn$;

create function :TAGOUT_SCHEMA.cancel(p_session uuid, p_machine uuid, p_process text, p_token bigint,
  p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
  v_event text;
begin
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  delete from :TAGOUT_SCHEMA.work
    where machine_id = p_machine and process = p_process and token = p_token and session_id = p_session;
  if not found then return '{"ok":false,"reason":"lost"}'::jsonb; end if;
  select deadline into v_deadline from :TAGOUT_SCHEMA.sessions where id = p_session;
  v_event := case when v_deadline > v_now then 'Canceled' else 'Expired' end;
  insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
    values (p_machine, p_process, v_event, v_now, p_session, p_token);
  return jsonb_build_object('ok', true, 'event', v_event);
end
$fn$;

create function :TAGOUT_SCHEMA.create_machine(p_id uuid, p_names text[], p_values text[], p_now double precision)
returns jsonb language plpgsql as $fn$
declare
  v_now double precision := :TAGOUT_SCHEMA.now_ms(p_now);
begin
  insert into :TAGOUT_SCHEMA.machines (id, created_at) values (p_id, v_now) on conflict (id) do nothing;
  if not found then return '{"ok":false,"reason":"exists"}'::jsonb; end if;
  perform :TAGOUT_SCHEMA.write_tags(p_id, p_names, p_values, v_now);
  return jsonb_build_object('ok', true, 'machine', :TAGOUT_SCHEMA.machine_json(p_id));
end
$fn$;

create function :TAGOUT_SCHEMA.set_tags(p_machine uuid, p_names text[], p_values text[], p_now double precision)
returns jsonb language plpgsql as $fn$
begin
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine;
  if not found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  perform :TAGOUT_SCHEMA.write_tags(p_machine, p_names, p_values, :TAGOUT_SCHEMA.now_ms(p_now));
  return '{"ok":true}'::jsonb;
end
$fn$;

create function :TAGOUT_SCHEMA.delete_tags(p_machine uuid, p_names text[]) returns jsonb
language plpgsql as $fn$
begin
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine;
  if not found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  delete from :TAGOUT_SCHEMA.tags where machine_id = p_machine and name = any(p_names);
  return '{"ok":true}'::jsonb;
end
$fn$;

create function :TAGOUT_SCHEMA.delete_machine(p_machine uuid, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_busy text;
begin
  perform 1 from :TAGOUT_SCHEMA.machines where id = p_machine for update;
  if not found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  select w.process into v_busy from :TAGOUT_SCHEMA.work w join :TAGOUT_SCHEMA.sessions se on se.id = w.session_id
    where w.machine_id = p_machine and se.deadline > v_now order by w.process collate "C" limit 1;
  if v_busy is not null then
    return jsonb_build_object('ok', false, 'reason', 'busy', 'process', v_busy);
  end if;
  with reaped as (delete from :TAGOUT_SCHEMA.work where machine_id = p_machine returning process, session_id, token)
  insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
    select p_machine, process, 'Expired', v_now, session_id, token from reaped order by token;
  delete from :TAGOUT_SCHEMA.tags where machine_id = p_machine;
  delete from :TAGOUT_SCHEMA.backoffs where machine_id = p_machine;
  delete from :TAGOUT_SCHEMA.machines where id = p_machine;
  return '{"ok":true}'::jsonb;
end
$fn$;
