-- Migration 10: batched finishes, finish_many, one function call (one round trip, one
-- transaction, one commit) for a batch of finishes (Store.finishMany). :TAGOUT_SCHEMA is the
-- schema. Released: never edit this file; add a new migration instead.
--
-- Entry i is (p_sessions[i], p_machines[i], p_processes[i], p_tokens[i]); its tags to set are the
-- next p_set_counts[i] elements of p_set_names / p_set_values (the entries' tags one after the
-- other, in entry order), its tags to delete the next p_delete_counts[i] of p_delete_names. Core
-- has checked everything and bounds a batch (LIMITS.finishBatch, and the bulk limits on tag
-- writes).
--
-- Each entry is what finish (migration 2) does, in input order, all at one now: the session
-- alive, the pair still holding the token (work deleted, Finished appended), then the backoff
-- deleted and the commit applied. An entry that is lost or whose session is dead writes nothing
-- of its own. Locks (docs/postgres-locking.md): the machines whose tags or backoffs the batch may
-- change are locked first, in id order, and their versions bumped, before the clock is read;
-- deleting work needs no lock. The sessions' deadlines are read after those locks, on a fresh
-- snapshot, so a heartbeat that committed meanwhile is seen. Returns one word per entry: ok,
-- session-expired or lost.
--
-- (Version 10: 8 and 9 were taken by branches developed at the same time; the runner applies
-- whatever versions are missing, in order, so a gap is harmless.)

create function :TAGOUT_SCHEMA.finish_many(p_sessions uuid[], p_machines uuid[], p_processes text[], p_tokens bigint[],
  p_set_counts int[], p_set_names text[], p_set_values text[], p_delete_counts int[], p_delete_names text[],
  p_now double precision) returns text[]
language plpgsql as $fn$
declare
  v_changed int[];
  v_alive uuid[];
  v_now double precision;
  v_out text[] := '{}';
  v_set int := 0;
  v_delete int := 0;
  i int;
begin
  -- The entries that may change their machine's tags or a backoff: a commit, or a stored backoff.
  select coalesce(array_agg(u.n), '{}') into v_changed
    from unnest(p_machines, p_processes, p_set_counts, p_delete_counts) with ordinality as u(machine, process, sets, deletes, n)
   where u.sets > 0 or u.deletes > 0
      or exists (select 1 from :TAGOUT_SCHEMA.backoffs b where b.machine_id = u.machine and b.process = u.process);
  if cardinality(v_changed) > 0 then
    perform 1 from :TAGOUT_SCHEMA.machines m where m.id in (select p_machines[n] from unnest(v_changed) n)
      order by m.id for no key update;
    update :TAGOUT_SCHEMA.machines set version = version + 1 where id in (select p_machines[n] from unnest(v_changed) n);
  end if;
  v_now := :TAGOUT_SCHEMA.now_ms(p_now);
  select coalesce(array_agg(id), '{}') into v_alive
    from :TAGOUT_SCHEMA.sessions where id = any(p_sessions) and deadline > v_now;
  for i in 1 .. coalesce(cardinality(p_machines), 0) loop
    if not (p_sessions[i] = any(v_alive)) then
      v_out := v_out || 'session-expired'::text;
    else
      with ended as (delete from :TAGOUT_SCHEMA.work
          where machine_id = p_machines[i] and process = p_processes[i] and token = p_tokens[i]
            and session_id = p_sessions[i]
          returning token)
      insert into :TAGOUT_SCHEMA.history (machine_id, process, event, at, session_id, token)
        select p_machines[i], p_processes[i], 'Finished', v_now, p_sessions[i], token from ended;
      if not found then
        v_out := v_out || 'lost'::text;
      else
        if i = any(v_changed) then
          delete from :TAGOUT_SCHEMA.backoffs where machine_id = p_machines[i] and process = p_processes[i];
          perform :TAGOUT_SCHEMA.write_tags(p_machines[i], p_set_names[v_set + 1 : v_set + p_set_counts[i]],
            p_set_values[v_set + 1 : v_set + p_set_counts[i]], v_now);
          if p_delete_counts[i] > 0 then
            delete from :TAGOUT_SCHEMA.tags where machine_id = p_machines[i]
              and name = any(p_delete_names[v_delete + 1 : v_delete + p_delete_counts[i]]);
          end if;
        end if;
        v_out := v_out || 'ok'::text;
      end if;
    end if;
    v_set := v_set + p_set_counts[i];
    v_delete := v_delete + p_delete_counts[i];
  end loop;
  return v_out;
end
$fn$;
