/**
 * History pages (pruning is `sql/statements/prune-history.sql`). A page is one statement whose
 * shape (which of machine, process, `after`, `before` are given) is fixed in its text, so each
 * shape gets a plan that walks one index ordered by `seq` (the pair's, the machine's, the
 * process's, or the primary key) from the cursor and reads only its rows, at any depth. `s` is
 * the quoted schema.
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
