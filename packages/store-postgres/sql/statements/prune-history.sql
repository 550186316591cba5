-- One batch of pruneHistory (one statement, so one transaction). Parameters: $1 an injected now
-- (null: the database clock), $2 the seq to start after (0: the oldest), $3 the batch size, $4
-- olderThanMs. One row (deleted, now, last, stopped, examined).
--
-- Takes the next $3 events in seq order, keeps those before the first one not older than the
-- cutoff, and deletes them except the latest event of a pair with a stored backoff (found through
-- history_pair_idx and the backoffs key). last is the last event it examined and stopped whether
-- it met a recent one: the store goes on after last unless stopped or fewer than $3 were examined.
with c as materialized (select :TAGOUT_SCHEMA.now_ms($1::float8) as now),
    win as materialized (
      select seq, machine_id, process, at from :TAGOUT_SCHEMA.history where seq > $2::int8 order by seq limit $3::int8),
    stop as materialized (select min(w.seq) as seq from win w, c where w.at >= c.now - $4::float8),
    old as materialized (select w.* from win w, stop where stop.seq is null or w.seq < stop.seq),
    gone as (delete from :TAGOUT_SCHEMA.history h using old o
       where h.seq = o.seq
         and not (exists (select 1 from :TAGOUT_SCHEMA.backoffs b where b.machine_id = o.machine_id and b.process = o.process)
                  and not exists (select 1 from :TAGOUT_SCHEMA.history l
                                   where l.machine_id = o.machine_id and l.process = o.process and l.seq > o.seq))
       returning 1)
    select (select count(*) from gone)::int as deleted, c.now, (select max(seq) from old) as last,
           (select seq from stop) is not null as stopped, (select count(*) from win)::int as examined
      from c
