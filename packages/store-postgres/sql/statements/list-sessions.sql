-- listSessions. Parameters: $1 an injected now (null: the database clock), $2 aliveOnly, $3 the
-- limit. Rows: the session's columns, alive and live_work (its work items while alive, counted
-- through work_session_idx).
select se.id, se.component, se.runtime_info, se.interval_ms, se.created_at, se.deadline,
      se.deadline > c.now as alive,
      case when se.deadline > c.now
        then (select count(*) from :TAGOUT_SCHEMA.work w where w.session_id = se.id) else 0 end as live_work
    from :TAGOUT_SCHEMA.sessions se, (select :TAGOUT_SCHEMA.now_ms($1::float8) as now) c
    where not $2::boolean or se.deadline > c.now
    order by se.created_at, se.id
    limit $3::int
