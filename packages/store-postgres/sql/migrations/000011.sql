-- Migration 11: finish_many (migration 10) as a few set-based statements instead of a loop of
-- four statements per entry; same arguments, same results, same locks. :TAGOUT_SCHEMA is the
-- schema. Released: never edit this file; add a new migration instead.
--
-- Locks (docs/postgres-locking.md), as before: the machines whose tags or backoffs the batch may
-- change are locked first, in id order, and their versions bumped; then the clock is read, and
-- the sessions' deadlines on a fresh snapshot. Then one statement: the works of live sessions that
-- still hold their token are deleted (an entry repeating an earlier entry's work is lost, as the
-- loop's second delete found nothing), Finished is appended for each in entry order, their
-- backoffs are deleted, and the commits are applied as the loop applied them one after the other:
-- for each (machine, tag) the last entry that sets or deletes it wins (within one entry a delete
-- wins over a set, as the loop deleted after setting), so no row is written twice in the
-- statement. Returns one word per entry: ok, session-expired or lost.

create or replace function :TAGOUT_SCHEMA.finish_many(p_sessions uuid[], p_machines uuid[], p_processes text[], p_tokens bigint[],
  p_set_counts int[], p_set_names text[], p_set_values text[], p_delete_counts int[], p_delete_names text[],
  p_now double precision) returns text[]
language plpgsql as $fn$
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
$fn$;
