-- The backoffs listing. Parameters: $1 the machine (null: any), $2 the process (null: any), $3 an
-- injected now (null: the database clock), $4 activeOnly, $5 the limit. Rows: the backoff's
-- columns and active, by machine, then process.
select b.*, b.until > c.now as active
         from :TAGOUT_SCHEMA.backoffs b, (select :TAGOUT_SCHEMA.now_ms($3::float8) as now) c
        where ($1::uuid is null or b.machine_id = $1::uuid) and ($2::text is null or b.process = $2::text)
          and (not $4::boolean or b.until > c.now)
        order by b.machine_id, b.process collate "C" limit $5::int8
