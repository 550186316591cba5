/**
 * History pages and pruning. A page is one statement whose shape (which of machine, process,
 * `after`, `before` are given) is fixed in its text, so each shape gets a plan that walks one
 * index ordered by `seq` (the pair's, the machine's, the process's, or the primary key) from the
 * cursor and reads only its rows, at any depth. `s` is the quoted schema.
 */

/** What a page asks for; the values go to {@link historyPageSql}'s parameters in this order. */
export interface HistoryShape {
  machineId: boolean;
  process: boolean;
  after: boolean;
  before: boolean;
}

/**
 * The statement of a history page of `shape`. Parameters, in order, only those present: the
 * machine, the process, `after`, `before`, then the limit. Rows oldest first.
 */
export function historyPageSql(s: string, shape: HistoryShape): string {
  const conditions: string[] = [];
  let n = 0;
  const param = (cast: string) => `$${++n}::${cast}`;
  if (shape.machineId) conditions.push(`machine_id = ${param('uuid')}`);
  if (shape.process) conditions.push(`process = ${param('text')}`);
  if (shape.after) conditions.push(`seq > ${param('int8')}`);
  if (shape.before) conditions.push(`seq < ${param('int8')}`);
  const where = conditions.length === 0 ? '' : `where ${conditions.join(' and ')}`;
  const limit = param('int8');
  const columns = 'seq, machine_id, process, event, at, session_id, token, cause';
  // Forward from `after`; otherwise backward from `before` or the newest, then put oldest first.
  if (shape.after) return `select ${columns} from ${s}.history ${where} order by seq limit ${limit}`;
  return `select * from (select ${columns} from ${s}.history ${where} order by seq desc limit ${limit}) page
    order by seq`;
}

/**
 * One batch of `pruneHistory`, one statement (so one transaction). Parameters: `$1` an injected
 * now (null: the database clock), `$2` the sequence to start after (0: the oldest), `$3` the
 * batch size, `$4` olderThanMs. Returns one row `(deleted, now, last, stopped, examined)`.
 *
 * It takes the next `$3` events in sequence order, keeps those before the first one not older
 * than the cutoff, and deletes them except the latest event of a pair with a stored backoff
 * (found through history_pair_idx and the backoffs key). `last` is the last event it examined
 * and `stopped` whether it met a recent one: the caller goes on after `last` unless `stopped` or
 * fewer than `$3` were examined.
 */
export function pruneBatchSql(s: string): string {
  return `with c as materialized (select ${s}.now_ms($1::float8) as now),
    win as materialized (
      select seq, machine_id, process, at from ${s}.history where seq > $2::int8 order by seq limit $3::int8),
    stop as materialized (select min(w.seq) as seq from win w, c where w.at >= c.now - $4::float8),
    old as materialized (select w.* from win w, stop where stop.seq is null or w.seq < stop.seq),
    gone as (delete from ${s}.history h using old o
       where h.seq = o.seq
         and not (exists (select 1 from ${s}.backoffs b where b.machine_id = o.machine_id and b.process = o.process)
                  and not exists (select 1 from ${s}.history l
                                   where l.machine_id = o.machine_id and l.process = o.process and l.seq > o.seq))
       returning 1)
    select (select count(*) from gone)::int as deleted, c.now, (select max(seq) from old) as last,
           (select seq from stop) is not null as stopped, (select count(*) from win)::int as examined
      from c`;
}
