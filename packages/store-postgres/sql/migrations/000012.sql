-- Migration 12: tagout's plpgsql functions run their statements with generic plans.
-- :TAGOUT_SCHEMA is the schema. Released: never edit this file; add a new migration instead.
--
-- A plpgsql function keeps a plan per statement per connection. Left to plan_cache_mode's default
-- (auto), Postgres plans each statement afresh for its first five calls on a connection (custom
-- plans), and again after a cached plan is invalidated, as an autovacuum ANALYZE of a growing
-- table does. Their statements are keyed by ids and arrays of ids: a custom plan is never better
-- than the generic one, only dearer. In a drain of 20,000 machines over a fresh pool, finish_many
-- took 13-14 µs less server time per finish with generic plans (49.9 against 63.0, 42.9 against
-- 57.4; docs/performance.md). The setting holds only while the function runs; the connection's
-- own setting is untouched.
--
-- CREATE OR REPLACE FUNCTION replaces a function's SET clauses too: a later migration that
-- replaces one of these functions must say `set plan_cache_mode = force_generic_plan` again.
-- The SQL-language functions are left alone: a SET clause would keep Postgres from inlining them.

alter function :TAGOUT_SCHEMA.cancel(uuid, uuid, text, bigint, double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.claim_id(uuid, uuid, text, text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.claim_refusal(uuid, text, text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.claim_write(uuid, uuid, text, text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.close_session(uuid, double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.create_machine(uuid, text[], text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.create_machines(uuid[], uuid[], text[], text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.create_session(uuid, text, text, double precision, double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.create_session(uuid, text, text, double precision, double precision, double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.delete_machine(uuid, double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.delete_tags(uuid, text[])
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.fail(uuid, uuid, text, bigint, text, double precision, double precision, double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.finish(uuid, uuid, text, bigint, text[], text[], text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.finish_many(uuid[], uuid[], text[], bigint[], integer[], text[], text[], integer[], text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.heartbeat(uuid, double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.heartbeat(uuid, double precision, double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.machine_json(uuid)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.set_tags(uuid, text[], text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.set_tags_many(uuid[], uuid[], text[], text[], double precision)
  set plan_cache_mode = force_generic_plan;
alter function :TAGOUT_SCHEMA.write_tags(uuid, text[], text[], double precision)
  set plan_cache_mode = force_generic_plan;
