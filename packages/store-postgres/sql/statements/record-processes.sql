-- recordProcesses (migration 7's table). Parameters: $1 the names (text[]), $2 an injected now
-- (null: the database clock). Upserts every name with declared_at = now, in name order, so
-- engines declaring overlapping lists at once lock the rows in one order (no deadlock).
insert into :TAGOUT_SCHEMA.processes (name, declared_at)
    select n.name, c.now from (select :TAGOUT_SCHEMA.now_ms($2::float8) as now) c,
      (select distinct unnest($1::text[]) collate "C" as name) n
    order by n.name
    on conflict (name) do update set declared_at = excluded.declared_at
