-- The live work listing. Parameters: $1 the machine (null: any), $2 the process (null: any), $3
-- an injected now (null: the database clock), $4 the limit. Rows: work of alive sessions, by token.
select w.* from :TAGOUT_SCHEMA.work w join :TAGOUT_SCHEMA.sessions se on se.id = w.session_id,
              (select :TAGOUT_SCHEMA.now_ms($3::float8) as now) c
        where ($1::uuid is null or w.machine_id = $1::uuid) and ($2::text is null or w.process = $2::text)
          and se.deadline > c.now
        order by w.token limit $4::int8
