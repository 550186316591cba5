import { transitionSql } from './transition-sql.js';

/**
 * Migration 1, functions: one per transition, so each transition is one round trip.
 * `s` is the quoted schema.
 *
 * Locking discipline (it is what makes deadlocks impossible): a transition takes at most a
 * KEY SHARE lock on its session row, then the row lock of the machine(s) it touches (several
 * machines: in id order), and only then reads the clock and changes work, tags and backoffs.
 * Every write to a machine's work, tags or backoffs happens under its machine row lock, and
 * every one but deleting work also bumps `machines.version` (an UPDATE, which takes that lock
 * too): a claim by filter relies on it to know that the machine it locked is still eligible,
 * with the tags and backoffs its snapshot saw (claim-filter-sql.ts).
 *
 * Clock: `clock_timestamp()`, read once per transition *after* the locks are held (see
 * `now_ms`), so a transition that waited behind another one never judges deadlines with a
 * time earlier than the transition it waited for. `p_now` (an injected clock) replaces it.
 *
 * Migration 2 replaces `claim_write`, `claim_id`, `close_session` and `finish`, and with them
 * the session KEY SHARE lock and the claim's version bump (v2-functions.ts has the discipline
 * that holds now).
 */
export function v1Functions(s: string): string {
  const { bump, expired, lost, endHeldWork, reapAndStart } = transitionSql(s);
  const deadline = `(select deadline from ${s}.sessions where id = p_session)`;
  return `
create function ${s}.now_ms(p_now double precision) returns double precision
language sql volatile as $fn$
  select coalesce(p_now, floor(extract(epoch from clock_timestamp()) * 1000)::double precision)
$fn$;

-- plpgsql rather than sql: its query is planned once per connection, not once per call.
create function ${s}.machine_json(p_id uuid) returns jsonb
language plpgsql stable as $fn$
begin
  return (select jsonb_build_object(
    'id', m.id,
    'createdAt', m.created_at,
    'tags', coalesce(
      (select jsonb_object_agg(t.name, jsonb_build_object('value', t.value, 'updatedAt', t.updated_at))
         from ${s}.tags t where t.machine_id = m.id),
      '{}'::jsonb))
  from ${s}.machines m where m.id = p_id);
end
$fn$;

create function ${s}.write_tags(p_machine uuid, p_names text[], p_values text[], p_now double precision)
returns void language plpgsql as $fn$
begin
  if cardinality(p_names) > 0 then
    insert into ${s}.tags (machine_id, name, value, updated_at)
      select p_machine, u.name, u.value::jsonb, p_now from unnest(p_names, p_values) as u(name, value)
    on conflict (machine_id, name) do update set value = excluded.value, updated_at = excluded.updated_at;
  end if;
end
$fn$;

create function ${s}.create_session(p_id uuid, p_component text, p_runtime_info text,
  p_interval double precision, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision := ${s}.now_ms(p_now);
begin
  insert into ${s}.sessions (id, component, runtime_info, interval_ms, created_at, deadline)
    values (p_id, p_component, p_runtime_info, p_interval, v_now, v_now + p_interval);
  return jsonb_build_object('createdAt', v_now, 'deadline', v_now + p_interval);
end
$fn$;

create function ${s}.heartbeat(p_session uuid, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
begin
  perform 1 from ${s}.sessions where id = p_session for no key update;
  v_now := ${s}.now_ms(p_now);
  update ${s}.sessions set deadline = v_now + interval_ms
    where id = p_session and deadline > v_now
    returning deadline into v_deadline;
  if v_deadline is null then return ${expired}; end if;
  return jsonb_build_object('ok', true, 'deadline', v_deadline);
end
$fn$;

create function ${s}.close_session(p_session uuid, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_deadline double precision;
  v_now double precision;
  v_released integer;
begin
  delete from ${s}.sessions where id = p_session returning deadline into v_deadline;
  if v_deadline is null then return '{"released":0}'::jsonb; end if;
  perform 1 from ${s}.machines
    where id in (select machine_id from ${s}.work where session_id = p_session)
    order by id for no key update;
  ${bump(`any (select machine_id from ${s}.work where session_id = p_session)`)};
  v_now := ${s}.now_ms(p_now);
  with released as (delete from ${s}.work where session_id = p_session returning machine_id, process, token)
  insert into ${s}.history (machine_id, process, event, at, session_id, token)
    select machine_id, process, case when v_deadline > v_now then 'Canceled' else 'Expired' end,
           v_now, p_session, token
    from released order by token;
  get diagnostics v_released = row_count;
  return jsonb_build_object('released', v_released);
end
$fn$;

-- Why the locked machine cannot be claimed now (conflict, backed-off), or null.
create function ${s}.claim_refusal(p_machine uuid, p_process text, p_blockers text[], p_now double precision)
returns jsonb language plpgsql as $fn$
declare
  v_held text;
  v_until double precision;
  v_cause text;
begin
  select w.process into v_held from ${s}.work w join ${s}.sessions se on se.id = w.session_id
    where w.machine_id = p_machine and w.process = any(p_blockers) and se.deadline > p_now
    order by w.process <> p_process, w.process collate "C" limit 1;
  if v_held is not null then
    return jsonb_build_object('ok', false, 'reason', 'conflict', 'process', v_held);
  end if;
  select b.until, b.cause into v_until, v_cause from ${s}.backoffs b
    where b.machine_id = p_machine and b.process = p_process and b.until > p_now;
  if v_until is not null then
    return jsonb_build_object('ok', false, 'reason', 'backed-off', 'until', v_until, 'cause', v_cause);
  end if;
  return null;
end
$fn$;

-- Writes the claim on a locked, checked machine: bumps its version, reaps the pair's expired work
-- (Expired), new token, Started. Returns the token.
create function ${s}.claim_write(p_machine uuid, p_session uuid, p_process text, p_now double precision)
returns bigint language plpgsql as $fn$
declare
  v_token bigint;
  v_reap boolean;
begin
  ${bump('p_machine')}
    returning exists (select 1 from ${s}.work where machine_id = p_machine and process = p_process) into v_reap;
${reapAndStart}
end
$fn$;

create function ${s}.claim_id(p_session uuid, p_machine uuid, p_process text, p_blockers text[],
  p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_deadline double precision;
  v_found boolean;
  v_now double precision;
  v_refusal jsonb;
  v_token bigint;
begin
  select deadline into v_deadline from ${s}.sessions where id = p_session for key share;
  perform 1 from ${s}.machines where id = p_machine for no key update;
  v_found := found;
  v_now := ${s}.now_ms(p_now);
  if v_deadline is null or v_deadline <= v_now then return ${expired}; end if;
  if not v_found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  v_refusal := ${s}.claim_refusal(p_machine, p_process, p_blockers, v_now);
  if v_refusal is not null then return v_refusal; end if;
  v_token := ${s}.claim_write(p_machine, p_session, p_process, v_now);
  return jsonb_build_object('ok', true, 'work', jsonb_build_object(
    'machine', ${s}.machine_json(p_machine), 'token', v_token, 'startedAt', v_now,
    'lastIntervalMs', (select last_interval_ms from ${s}.backoffs where machine_id = p_machine and process = p_process)));
end
$fn$;

create function ${s}.finish(p_session uuid, p_machine uuid, p_process text, p_token bigint,
  p_set_names text[], p_set_values text[], p_delete_names text[], p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
begin
${endHeldWork(`select ${deadline} into v_deadline from ${s}.machines where id = p_machine for no key update`, 'Finished', 'null')}
  delete from ${s}.backoffs where machine_id = p_machine and process = p_process;
  -- Deleting work alone needs no version bump (it only makes the machine more eligible);
  -- a changed backoff or tag does (see claim-filter-sql.ts).
  if found or cardinality(p_set_names) > 0 or cardinality(p_delete_names) > 0 then
    ${bump('p_machine')};
    perform ${s}.write_tags(p_machine, p_set_names, p_set_values, v_now);
    if cardinality(p_delete_names) > 0 then
      delete from ${s}.tags where machine_id = p_machine and name = any(p_delete_names);
    end if;
  end if;
  return '{"ok":true}'::jsonb;
end
$fn$;

create function ${s}.fail(p_session uuid, p_machine uuid, p_process text, p_token bigint, p_cause text,
  p_interval double precision, p_delay double precision, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
begin
${endHeldWork(`${bump('p_machine')} returning ${deadline} into v_deadline`, 'Failed', 'p_cause')}
  insert into ${s}.backoffs (machine_id, process, until, cause, last_interval_ms)
    values (p_machine, p_process, v_now + p_delay, p_cause, p_interval)
  on conflict (machine_id, process) do update
    set until = excluded.until, cause = excluded.cause, last_interval_ms = excluded.last_interval_ms;
  return jsonb_build_object('ok', true, 'backoff', jsonb_build_object(
    'machineId', p_machine, 'process', p_process, 'until', v_now + p_delay, 'cause', p_cause,
    'lastIntervalMs', p_interval, 'active', v_now + p_delay > v_now));
end
$fn$;

create function ${s}.cancel(p_session uuid, p_machine uuid, p_process text, p_token bigint,
  p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_deadline double precision;
  v_event text;
begin
  ${bump('p_machine')};
  v_now := ${s}.now_ms(p_now);
  delete from ${s}.work
    where machine_id = p_machine and process = p_process and token = p_token and session_id = p_session;
  if not found then return ${lost}; end if;
  select deadline into v_deadline from ${s}.sessions where id = p_session;
  v_event := case when v_deadline > v_now then 'Canceled' else 'Expired' end;
  insert into ${s}.history (machine_id, process, event, at, session_id, token)
    values (p_machine, p_process, v_event, v_now, p_session, p_token);
  return jsonb_build_object('ok', true, 'event', v_event);
end
$fn$;

create function ${s}.create_machine(p_id uuid, p_names text[], p_values text[], p_now double precision)
returns jsonb language plpgsql as $fn$
declare
  v_now double precision := ${s}.now_ms(p_now);
begin
  insert into ${s}.machines (id, created_at) values (p_id, v_now) on conflict (id) do nothing;
  if not found then return '{"ok":false,"reason":"exists"}'::jsonb; end if;
  perform ${s}.write_tags(p_id, p_names, p_values, v_now);
  return jsonb_build_object('ok', true, 'machine', ${s}.machine_json(p_id));
end
$fn$;

create function ${s}.set_tags(p_machine uuid, p_names text[], p_values text[], p_now double precision)
returns jsonb language plpgsql as $fn$
begin
  ${bump('p_machine')};
  if not found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  perform ${s}.write_tags(p_machine, p_names, p_values, ${s}.now_ms(p_now));
  return '{"ok":true}'::jsonb;
end
$fn$;

create function ${s}.delete_tags(p_machine uuid, p_names text[]) returns jsonb
language plpgsql as $fn$
begin
  ${bump('p_machine')};
  if not found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  delete from ${s}.tags where machine_id = p_machine and name = any(p_names);
  return '{"ok":true}'::jsonb;
end
$fn$;

create function ${s}.delete_machine(p_machine uuid, p_now double precision) returns jsonb
language plpgsql as $fn$
declare
  v_now double precision;
  v_busy text;
begin
  perform 1 from ${s}.machines where id = p_machine for update;
  if not found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  v_now := ${s}.now_ms(p_now);
  select w.process into v_busy from ${s}.work w join ${s}.sessions se on se.id = w.session_id
    where w.machine_id = p_machine and se.deadline > v_now order by w.process collate "C" limit 1;
  if v_busy is not null then
    return jsonb_build_object('ok', false, 'reason', 'busy', 'process', v_busy);
  end if;
  with reaped as (delete from ${s}.work where machine_id = p_machine returning process, session_id, token)
  insert into ${s}.history (machine_id, process, event, at, session_id, token)
    select p_machine, process, 'Expired', v_now, session_id, token from reaped order by token;
  delete from ${s}.tags where machine_id = p_machine;
  delete from ${s}.backoffs where machine_id = p_machine;
  delete from ${s}.machines where id = p_machine;
  return '{"ok":true}'::jsonb;
end
$fn$;
`;
}
