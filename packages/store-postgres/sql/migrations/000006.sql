-- Migration 6: bulk writes, one function call (one round trip, one transaction) per batch of
-- machines. Machines come as an array of ids; their tags as three parallel arrays (machine id,
-- name, canonical JSON value), one element per tag. Core has checked everything, ids distinct
-- included, and bounds a batch (LIMITS.bulkWrite). :TAGOUT_SCHEMA is the schema. Released: never
-- edit this file; add a new migration instead.
--
-- Both functions write all or nothing and name the first id, in input order, that stops the
-- batch. Locks: set_tags_many locks its machines in id order before it reads the clock and bumps
-- their versions as set_tags does; create_machines inserts in id order, so two batches sharing
-- ids cannot deadlock (docs/postgres-locking.md).
--
-- (Numbered 6 because 4 and 5 were being taken by concurrent branches; the runner applies
-- whatever the migrations table lacks, in list order, so a gap is harmless.)

-- Creates every machine of p_ids with createdAt = now and its tags (updatedAt = now), or none
-- when one exists already. A machine that exists (or that a concurrent transaction created and
-- committed while this one waited on its key) raises unique_violation inside the inner block,
-- which undoes its inserts; the handler then names the first such id of the input.
create function :TAGOUT_SCHEMA.create_machines(p_ids uuid[], p_tag_machines uuid[], p_names text[],
  p_values text[], p_now double precision) returns jsonb
language plpgsql as $fn$
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
$fn$;

-- Upserts the tags (p_tag_machines[i], p_names[i], p_values[i]) with updatedAt = now on the
-- machines p_ids, or nothing when one of them does not exist. Locks every machine first (in id
-- order; a machine deleted meanwhile is not locked, so it counts as missing), then bumps their
-- versions as set_tags does, so a claim by filter sees that their tags changed.
create function :TAGOUT_SCHEMA.set_tags_many(p_ids uuid[], p_tag_machines uuid[], p_names text[],
  p_values text[], p_now double precision) returns jsonb
language plpgsql as $fn$
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
$fn$;
