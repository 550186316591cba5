-- stats, in one query. Parameter: $1 an injected now (null: the database clock). One row:
-- machines (count), live, backoffs and tags (each a jsonb object of counts: live work by process,
-- active backoffs by process, tags by name).
with c as (select :TAGOUT_SCHEMA.now_ms($1::float8) as now)
       select (select count(*) from :TAGOUT_SCHEMA.machines)::float8 as machines,
         (select coalesce(jsonb_object_agg(k, n), '{}'::jsonb) from (select w.process as k, count(*) as n from :TAGOUT_SCHEMA.work w join :TAGOUT_SCHEMA.sessions se on se.id = w.session_id, c where se.deadline > c.now group by 1) x) as live,
         (select coalesce(jsonb_object_agg(k, n), '{}'::jsonb) from (select b.process as k, count(*) as n from :TAGOUT_SCHEMA.backoffs b, c where b.until > c.now group by 1) x) as backoffs,
         (select coalesce(jsonb_object_agg(k, n), '{}'::jsonb) from (select t.name as k, count(*) as n from :TAGOUT_SCHEMA.tags t group by 1) x) as tags
