-- Migration 8, wake-ups (store.subscribe and retryInMs). :TAGOUT_SCHEMA is the schema.
-- Released: never edit this file; add a new migration instead.
--
-- - backoffs_process_until_idx: a claim by filter that finds nothing reads the earliest active
--   backoff end of its process in the same statement (one index descent), so a waiting claimer
--   sleeps until a backoff ends rather than polling. Built in the migration's transaction (not
--   CONCURRENTLY): writes to backoffs wait while it is built, a moment for the table's size.
-- - close_session also returns the processes of the work it released, which the store names in
--   its signal. Otherwise it is migration 2's.

create index backoffs_process_until_idx on :TAGOUT_SCHEMA.backoffs (process, until);

create or replace function :TAGOUT_SCHEMA.close_session(p_session uuid, p_now double precision) returns jsonb
language plpgsql as $fn$
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
$fn$;
