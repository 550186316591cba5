import {
  type HistoryResult,
  historyIdOfSequence,
  type PruneBatch,
  type StoreHistoryInput,
  type StorePruneHistoryInput,
  sequenceOfHistoryId,
} from '@tagout/core';
import type { Connection } from './connection.js';
import { pairConditions } from './read-operations.js';
import { type HistoryRow, historyEventFromRow } from './rows.js';
import type { SqlFragment } from './sql-fragment.js';

/**
 * History pages and pruning. A page is one statement over an index ordered by `seq` (the pair's,
 * the machine's, the process's, or the table's own rowid order), so it reads only its rows at any
 * depth; event ids are `seq` (see `historyIdOfSequence`).
 */

const COLUMNS = 'seq, machine_id, process, event, at, session_id, coalesce(token, seq) AS token, cause';

/** A page of matching events, oldest first (see `Store.history`). */
export function history(c: Connection, input: StoreHistoryInput): HistoryResult {
  const after = cursor(input.after);
  const before = cursor(input.before);
  if (after === null) return { ok: false, reason: 'bad-cursor', cursor: 'after' };
  if (before === null) return { ok: false, reason: 'bad-cursor', cursor: 'before' };
  const range: string[] = [];
  const params: number[] = [];
  if (after !== undefined) {
    range.push('seq > ?');
    params.push(after);
  }
  if (before !== undefined) {
    range.push('seq < ?');
    params.push(before);
  }
  const extra: SqlFragment | undefined = range.length > 0 ? { sql: range.join(' AND '), params } : undefined;
  const where = pairConditions(input, extra);
  // Forward from `after`; otherwise backward from `before` or the newest, then reversed.
  const forward = after !== undefined;
  const sql = `SELECT ${COLUMNS} FROM history WHERE ${where.sql}
    ORDER BY seq ${forward ? 'ASC' : 'DESC'} LIMIT ?`;
  const rows = c.cache.get(sql).all(...where.params, input.limit) as HistoryRow[];
  if (!forward) rows.reverse();
  return { ok: true, events: rows.map(historyEventFromRow) };
}

/** The sequence of a cursor; undefined when absent, null when it is no id of this store. */
function cursor(id: string | undefined): number | undefined | null {
  if (id === undefined) return undefined;
  const sequence = sequenceOfHistoryId(id);
  return sequence ?? null;
}

interface PruneRow {
  seq: number;
  machine_id: string;
  process: string;
  at: number;
}

const PRUNE_WINDOW = 'SELECT seq, machine_id, process, at FROM history WHERE seq > ? ORDER BY seq LIMIT ?';
/** Whether the pair has a stored backoff and no event after `seq`: its latest event explains it. */
const EXPLAINS_BACKOFF = `SELECT EXISTS (SELECT 1 FROM backoffs WHERE machine_id = @m AND process = @p)
  AND NOT EXISTS (SELECT 1 FROM history WHERE machine_id = @m AND process = @p AND seq > @seq)`;
const DELETE_EVENT = 'DELETE FROM history WHERE seq = ?';

/** One batch of `pruneHistory` in one write transaction (see `Store.pruneHistory`). */
export function pruneHistory(c: Connection, input: StorePruneHistoryInput): PruneBatch {
  const now = input.now ?? Date.now();
  const cutoff = now - input.olderThanMs;
  const start = cursor(input.after) ?? 0;
  return c.write(() => {
    const rows = c.cache.get(PRUNE_WINDOW).all(start, input.limit) as PruneRow[];
    const explains = c.cache.get(EXPLAINS_BACKOFF).pluck();
    const remove = c.cache.get(DELETE_EVENT);
    let deleted = 0;
    for (const row of rows) {
      if (row.at >= cutoff) return { deleted, now, next: null };
      if (explains.get({ m: row.machine_id, p: row.process, seq: row.seq }) === 1) continue;
      remove.run(row.seq);
      deleted++;
    }
    const last = rows.at(-1);
    return {
      deleted,
      now,
      next: rows.length < input.limit || last === undefined ? null : historyIdOfSequence(last.seq),
    };
  });
}
