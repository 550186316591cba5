-- The schema the migrations make (sql/migrations/), as pg_dump --schema-only shows it,
-- with :TAGOUT_SCHEMA for the schema. Do not edit: change the schema with a new migration,
-- then run `npx -y pnpm@10 --filter @tagout/store-postgres schema:dump`
-- (test/schema-dump-is-current.test.ts makes it again and compares).

--
-- Name: :TAGOUT_SCHEMA; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA :TAGOUT_SCHEMA;

--
-- Name: bulk_tags(uuid[], integer[], text, text); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.bulk_tags(p_ids uuid[], p_tag_machines integer[], p_names text, p_values text, OUT machines uuid[], OUT names text[], OUT vals text[]) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    AS $$
begin
  names := string_to_array(p_names, chr(31));
  vals := string_to_array(p_values, chr(31));
  select coalesce(array_agg(p_ids[u.i] order by u.n), '{}') into machines
    from unnest(p_tag_machines) with ordinality as u(i, n);
  if cardinality(names) <> cardinality(machines) or cardinality(vals) <> cardinality(machines)
     or array_position(machines, null) is not null then
    raise exception 'tagout: bulk tags do not line up (% machines, % names, % values)',
      cardinality(machines), cardinality(names), cardinality(vals);
  end if;
end
$$;

--
-- Name: cancel(uuid, uuid, text, bigint, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.cancel(p_session uuid, p_machine uuid, p_process text, p_token bigint, p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: claim_id(uuid, uuid, text, text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.claim_id(p_session uuid, p_machine uuid, p_process text, p_blockers text[], p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: claim_refusal(uuid, text, text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.claim_refusal(p_machine uuid, p_process text, p_blockers text[], p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: claim_write(uuid, uuid, text, text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.claim_write(p_machine uuid, p_session uuid, p_process text, p_blockers text[], p_now double precision) RETURNS bigint
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: close_session(uuid, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.close_session(p_session uuid, p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
declare
  v_deadline double precision;
  v_now double precision;
  v_released integer;
  v_processes jsonb;
begin
  delete from :TAGOUT_SCHEMA.sessions where id = p_session returning deadline into v_deadline;
  if v_deadline is null then return '{"released":0,"processes":[]}'::jsonb; end if;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  with released as (delete from :TAGOUT_SCHEMA.work where session_id = p_session returning machine_id, process, token),
    events as (insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
      select machine_id, process, case when v_deadline > v_now then 'Canceled' else 'Expired' end,
             v_now, p_session, token
      from released order by token)
  select count(*), coalesce(jsonb_agg(distinct process), '[]'::jsonb) into v_released, v_processes
    from released;
  return jsonb_build_object('released', v_released, 'processes', v_processes);
end
$$;

--
-- Name: create_machine(uuid, text[], text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.create_machine(p_id uuid, p_names text[], p_values text[], p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
declare
  v_now double precision := :TAGOUT_SCHEMA.now_ms(p_now);
begin
  insert into :TAGOUT_SCHEMA.machines (id, created_at) values (p_id, v_now) on conflict (id) do nothing;
  if not found then return '{"ok":false,"reason":"exists"}'::jsonb; end if;
  perform :TAGOUT_SCHEMA.write_tags(p_id, p_names, p_values, v_now);
  return jsonb_build_object('ok', true, 'machine', :TAGOUT_SCHEMA.machine_json(p_id));
end
$$;

--
-- Name: create_machines(uuid[], integer[], text, text, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.create_machines(p_ids uuid[], p_tag_machines integer[], p_names text, p_values text, p_now double precision) RETURNS jsonb
    LANGUAGE sql
    AS $$
  select :TAGOUT_SCHEMA.create_machines(p_ids, t.machines, t.names, t.vals, p_now)
    from :TAGOUT_SCHEMA.bulk_tags(p_ids, p_tag_machines, p_names, p_values) t
$$;

--
-- Name: create_machines(uuid[], uuid[], text[], text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.create_machines(p_ids uuid[], p_tag_machines uuid[], p_names text[], p_values text[], p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
declare
  v_now double precision := :TAGOUT_SCHEMA.now_ms(p_now);
  v_existing uuid;
begin
  begin
    insert into :TAGOUT_SCHEMA.machines (id, created_at) select u.id, v_now from unnest(p_ids) as u(id) order by u.id;
    insert into :TAGOUT_SCHEMA.tags (machine_id, name, value, updated_at)
      select u.machine_id, u.name, u.value::jsonb, v_now
        from unnest(p_tag_machines, p_names, p_values) as u(machine_id, name, value);
  exception when unique_violation then
    select u.id into v_existing from unnest(p_ids) with ordinality as u(id, n)
     where exists (select 1 from :TAGOUT_SCHEMA.machines m where m.id = u.id) order by u.n limit 1;
    if v_existing is null then raise; end if;
    return jsonb_build_object('ok', false, 'reason', 'exists', 'machineId', v_existing);
  end;
  return jsonb_build_object('ok', true, 'createdAt', v_now);
end
$$;

--
-- Name: create_session(uuid, text, text, double precision, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.create_session(p_id uuid, p_component text, p_runtime_info text, p_interval double precision, p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
declare
  v_now double precision := :TAGOUT_SCHEMA.now_ms(p_now);
begin
  insert into :TAGOUT_SCHEMA.sessions (id, component, runtime_info, interval_ms, created_at, deadline)
    values (p_id, p_component, p_runtime_info, p_interval, v_now, v_now + p_interval);
  return jsonb_build_object('createdAt', v_now, 'deadline', v_now + p_interval);
end
$$;

--
-- Name: create_session(uuid, text, text, double precision, double precision, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.create_session(p_id uuid, p_component text, p_runtime_info text, p_interval double precision, p_retention double precision, p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: delete_machine(uuid, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.delete_machine(p_machine uuid, p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: delete_tags(uuid, text[]); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.delete_tags(p_machine uuid, p_names text[]) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
begin
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine;
  if not found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  delete from :TAGOUT_SCHEMA.tags where machine_id = p_machine and name = any(p_names);
  return '{"ok":true}'::jsonb;
end
$$;

--
-- Name: fail(uuid, uuid, text, bigint, text, double precision, double precision, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.fail(p_session uuid, p_machine uuid, p_process text, p_token bigint, p_cause text, p_interval double precision, p_delay double precision, p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: finish(uuid, uuid, text, bigint, text[], text[], text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.finish(p_session uuid, p_machine uuid, p_process text, p_token bigint, p_set_names text[], p_set_values text[], p_delete_names text[], p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: finish_many(uuid[], uuid[], text[], bigint[], integer[], text[], text[], integer[], text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.finish_many(p_sessions uuid[], p_machines uuid[], p_processes text[], p_tokens bigint[], p_set_counts integer[], p_set_names text[], p_set_values text[], p_delete_counts integer[], p_delete_names text[], p_now double precision) RETURNS text[]
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
declare
  v_changed uuid[];
  v_now double precision;
  v_out text[];
begin
  -- The machines whose tags or backoffs may change: a commit, or a stored backoff of the pair.
  select coalesce(array_agg(distinct u.machine), '{}') into v_changed
    from unnest(p_machines, p_processes, p_set_counts, p_delete_counts) as u(machine, process, sets, deletes)
   where u.sets > 0 or u.deletes > 0
      or exists (select 1 from :TAGOUT_SCHEMA.backoffs b where b.machine_id = u.machine and b.process = u.process);
  if cardinality(v_changed) > 0 then
    perform 1 from :TAGOUT_SCHEMA.machines m where m.id = any(v_changed) order by m.id for no key update;
    update :TAGOUT_SCHEMA.machines set version = version + 1 where id = any(v_changed);
  end if;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  with e as (
    select u.*,
           coalesce(sum(u.sets) over w, 0) as set_from,
           coalesce(sum(u.deletes) over w, 0) as delete_from
      from unnest(p_sessions, p_machines, p_processes, p_tokens, p_set_counts, p_delete_counts)
           with ordinality as u(session, machine, process, token, sets, deletes, n)
    window w as (order by u.n rows between unbounded preceding and 1 preceding)),
  alive as (select id from :TAGOUT_SCHEMA.sessions where id = any(p_sessions) and deadline > v_now),
  first_of_work as (
    select distinct on (e.machine, e.process, e.token, e.session) e.*
      from e where e.session in (select id from alive)
     order by e.machine, e.process, e.token, e.session, e.n),
  ended as (
    delete from :TAGOUT_SCHEMA.work w using first_of_work f
     where w.machine_id = f.machine and w.process = f.process and w.token = f.token and w.session_id = f.session
    returning f.n, f.machine, f.process, f.session, f.token, f.sets, f.deletes, f.set_from, f.delete_from),
  finished as (
    insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
      select machine, process, 'Finished', v_now, session, token from ended order by n),
  backoffs_cleared as (
    delete from :TAGOUT_SCHEMA.backoffs b using ended
     where b.machine_id = ended.machine and b.process = ended.process),
  writes as (
    select distinct on (ended.machine, x.name) ended.machine, x.name, x.value, x.is_set
      from ended,
           lateral (select p_set_names[ended.set_from + k] as name, p_set_values[ended.set_from + k] as value,
                           true as is_set, 0 as kind
                      from generate_series(1, ended.sets) k
                    union all
                    select p_delete_names[ended.delete_from + k], null, false, 1
                      from generate_series(1, ended.deletes) k) x
     order by ended.machine, x.name, ended.n desc, x.kind desc),
  tags_set as (
    insert into :TAGOUT_SCHEMA.tags (machine_id, name, value, updated_at)
      select machine, name, value::jsonb, v_now from writes where is_set
    on conflict (machine_id, name) do update set value = excluded.value, updated_at = excluded.updated_at),
  tags_deleted as (
    delete from :TAGOUT_SCHEMA.tags t using writes
     where not writes.is_set and t.machine_id = writes.machine and t.name = writes.name)
  select array_agg(case when e.session not in (select id from alive) then 'session-expired'
                        when ended.n is null then 'lost' else 'ok' end order by e.n)
    into v_out
    from e left join ended on ended.n = e.n;
  return coalesce(v_out, '{}');
end
$$;

--
-- Name: heartbeat(uuid, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.heartbeat(p_session uuid, p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: heartbeat(uuid, double precision, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.heartbeat(p_session uuid, p_retention double precision, p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: machine_json(uuid); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.machine_json(p_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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
$$;

--
-- Name: now_ms(double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.now_ms(p_now double precision) RETURNS double precision
    LANGUAGE sql
    AS $$
  select coalesce(p_now, floor(extract(epoch from clock_timestamp()) * 1000)::double precision)
$$;

--
-- Name: set_tags(uuid, text[], text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.set_tags(p_machine uuid, p_names text[], p_values text[], p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
begin
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = p_machine;
  if not found then return '{"ok":false,"reason":"not-found"}'::jsonb; end if;
  perform :TAGOUT_SCHEMA.write_tags(p_machine, p_names, p_values, :TAGOUT_SCHEMA.now_ms(p_now));
  return '{"ok":true}'::jsonb;
end
$$;

--
-- Name: set_tags_many(uuid[], integer[], text, text, double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.set_tags_many(p_ids uuid[], p_tag_machines integer[], p_names text, p_values text, p_now double precision) RETURNS jsonb
    LANGUAGE sql
    AS $$
  select :TAGOUT_SCHEMA.set_tags_many(p_ids, t.machines, t.names, t.vals, p_now)
    from :TAGOUT_SCHEMA.bulk_tags(p_ids, p_tag_machines, p_names, p_values) t
$$;

--
-- Name: set_tags_many(uuid[], uuid[], text[], text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.set_tags_many(p_ids uuid[], p_tag_machines uuid[], p_names text[], p_values text[], p_now double precision) RETURNS jsonb
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
declare
  v_locked uuid[];
  v_missing uuid;
  v_now double precision;
begin
  select coalesce(array_agg(l.id), '{}') into v_locked
    from (select m.id from :TAGOUT_SCHEMA.machines m where m.id = any(p_ids) order by m.id for no key update) l;
  if cardinality(v_locked) < cardinality(p_ids) then
    select u.id into v_missing from unnest(p_ids) with ordinality as u(id, n)
     where u.id not in (select unnest(v_locked)) order by u.n limit 1;
    return jsonb_build_object('ok', false, 'reason', 'not-found', 'machineId', v_missing);
  end if;
  update :TAGOUT_SCHEMA.machines set version = version + 1 where id = any(p_ids);
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  insert into :TAGOUT_SCHEMA.tags (machine_id, name, value, updated_at)
    select u.machine_id, u.name, u.value::jsonb, v_now
      from unnest(p_tag_machines, p_names, p_values) as u(machine_id, name, value)
  on conflict (machine_id, name) do update set value = excluded.value, updated_at = excluded.updated_at;
  return '{"ok":true}'::jsonb;
end
$$;

--
-- Name: write_tags(uuid, text[], text[], double precision); Type: FUNCTION; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE FUNCTION :TAGOUT_SCHEMA.write_tags(p_machine uuid, p_names text[], p_values text[], p_now double precision) RETURNS void
    LANGUAGE plpgsql
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
begin
  if cardinality(p_names) > 0 then
    insert into :TAGOUT_SCHEMA.tags (machine_id, name, value, updated_at)
      select p_machine, u.name, u.value::jsonb, p_now from unnest(p_names, p_values) as u(name, value)
    on conflict (machine_id, name) do update set value = excluded.value, updated_at = excluded.updated_at;
  end if;
end
$$;

--
-- Name: backoffs; Type: TABLE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE TABLE :TAGOUT_SCHEMA.backoffs (
    machine_id uuid NOT NULL,
    process text NOT NULL,
    until double precision NOT NULL,
    cause text NOT NULL,
    last_interval_ms double precision NOT NULL
);

--
-- Name: tokens; Type: SEQUENCE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE SEQUENCE :TAGOUT_SCHEMA.tokens
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: history; Type: TABLE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE TABLE :TAGOUT_SCHEMA.history (
    seq bigint DEFAULT nextval(':TAGOUT_SCHEMA.tokens'::regclass) NOT NULL,
    machine_id uuid NOT NULL,
    process text NOT NULL,
    event text NOT NULL,
    at double precision NOT NULL,
    session_id uuid NOT NULL,
    token bigint NOT NULL,
    cause text
);

--
-- Name: machines; Type: TABLE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE TABLE :TAGOUT_SCHEMA.machines (
    id uuid NOT NULL,
    created_at double precision NOT NULL,
    version bigint DEFAULT 0 NOT NULL
)
WITH (fillfactor='90');

--
-- Name: migrations; Type: TABLE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE TABLE :TAGOUT_SCHEMA.migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: processes; Type: TABLE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE TABLE :TAGOUT_SCHEMA.processes (
    name text NOT NULL COLLATE pg_catalog."C",
    declared_at double precision NOT NULL
);

--
-- Name: sessions; Type: TABLE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE TABLE :TAGOUT_SCHEMA.sessions (
    id uuid NOT NULL,
    component text NOT NULL,
    runtime_info text NOT NULL,
    interval_ms double precision NOT NULL,
    created_at double precision NOT NULL,
    deadline double precision NOT NULL,
    retention_ms double precision DEFAULT 3600000 NOT NULL
);

--
-- Name: tags; Type: TABLE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE TABLE :TAGOUT_SCHEMA.tags (
    machine_id uuid NOT NULL,
    name text NOT NULL,
    value jsonb NOT NULL,
    updated_at double precision NOT NULL
);

--
-- Name: work; Type: TABLE; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE TABLE :TAGOUT_SCHEMA.work (
    machine_id uuid NOT NULL,
    process text NOT NULL,
    session_id uuid NOT NULL,
    token bigint NOT NULL,
    started_at double precision NOT NULL
);

--
-- Name: backoffs backoffs_pkey; Type: CONSTRAINT; Schema: :TAGOUT_SCHEMA; Owner: -
--

ALTER TABLE ONLY :TAGOUT_SCHEMA.backoffs
    ADD CONSTRAINT backoffs_pkey PRIMARY KEY (machine_id, process);

--
-- Name: history history_pkey; Type: CONSTRAINT; Schema: :TAGOUT_SCHEMA; Owner: -
--

ALTER TABLE ONLY :TAGOUT_SCHEMA.history
    ADD CONSTRAINT history_pkey PRIMARY KEY (seq);

--
-- Name: machines machines_pkey; Type: CONSTRAINT; Schema: :TAGOUT_SCHEMA; Owner: -
--

ALTER TABLE ONLY :TAGOUT_SCHEMA.machines
    ADD CONSTRAINT machines_pkey PRIMARY KEY (id);

--
-- Name: migrations migrations_pkey; Type: CONSTRAINT; Schema: :TAGOUT_SCHEMA; Owner: -
--

ALTER TABLE ONLY :TAGOUT_SCHEMA.migrations
    ADD CONSTRAINT migrations_pkey PRIMARY KEY (version);

--
-- Name: processes processes_pkey; Type: CONSTRAINT; Schema: :TAGOUT_SCHEMA; Owner: -
--

ALTER TABLE ONLY :TAGOUT_SCHEMA.processes
    ADD CONSTRAINT processes_pkey PRIMARY KEY (name);

--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: :TAGOUT_SCHEMA; Owner: -
--

ALTER TABLE ONLY :TAGOUT_SCHEMA.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

--
-- Name: tags tags_pkey; Type: CONSTRAINT; Schema: :TAGOUT_SCHEMA; Owner: -
--

ALTER TABLE ONLY :TAGOUT_SCHEMA.tags
    ADD CONSTRAINT tags_pkey PRIMARY KEY (machine_id, name);

--
-- Name: work work_pkey; Type: CONSTRAINT; Schema: :TAGOUT_SCHEMA; Owner: -
--

ALTER TABLE ONLY :TAGOUT_SCHEMA.work
    ADD CONSTRAINT work_pkey PRIMARY KEY (machine_id, process);

--
-- Name: backoffs_process_until_idx; Type: INDEX; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE INDEX backoffs_process_until_idx ON :TAGOUT_SCHEMA.backoffs USING btree (process, until);

--
-- Name: history_machine_idx; Type: INDEX; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE INDEX history_machine_idx ON :TAGOUT_SCHEMA.history USING btree (machine_id, seq);

--
-- Name: history_pair_idx; Type: INDEX; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE INDEX history_pair_idx ON :TAGOUT_SCHEMA.history USING btree (machine_id, process, seq);

--
-- Name: history_process_idx; Type: INDEX; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE INDEX history_process_idx ON :TAGOUT_SCHEMA.history USING btree (process, seq);

--
-- Name: machines_created_idx; Type: INDEX; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE INDEX machines_created_idx ON :TAGOUT_SCHEMA.machines USING btree (created_at, id);

--
-- Name: sessions_retired_idx; Type: INDEX; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE INDEX sessions_retired_idx ON :TAGOUT_SCHEMA.sessions USING btree (((deadline + retention_ms)));

--
-- Name: tags_name_idx; Type: INDEX; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE INDEX tags_name_idx ON :TAGOUT_SCHEMA.tags USING btree (name, machine_id);

--
-- Name: work_session_idx; Type: INDEX; Schema: :TAGOUT_SCHEMA; Owner: -
--

CREATE INDEX work_session_idx ON :TAGOUT_SCHEMA.work USING btree (session_id);
