import {
  type ClearBackoffResult,
  OPERATOR_SESSION_ID,
  type SessionInfo,
  type StoreClearBackoffInput,
  type StoreListSessionsInput,
} from '@tagout/core';
import type { Connection } from './connection.js';

/** Columns of the session listing. */
interface SessionRow {
  id: string;
  component: string;
  runtime_info: string;
  interval_ms: number;
  created_at: number;
  deadline: number;
  live_work: number;
}

/**
 * Ends the pair's backoff for an operator (see `Store.clearBackoff`): an active one gets
 * `until = now`, or is deleted with `resetInterval` (an inactive one too); a change appends
 * BackoffCleared.
 */
export function clearBackoff(c: Connection, input: StoreClearBackoffInput): ClearBackoffResult {
  return c.write(() => {
    const now = input.now ?? Date.now();
    if (c.sql.machineExists.get(input.machineId) === undefined) return { ok: false, reason: 'not-found' };
    const backoff = c.sql.pairBackoff.get(input.machineId, input.process);
    if (backoff === undefined) return { ok: true, active: false };
    const active = backoff.until > now;
    if (input.resetInterval) c.sql.deletePairBackoff.run(input.machineId, input.process);
    else if (active) c.sql.endPairBackoff.run(now, input.machineId, input.process);
    else return { ok: true, active };
    c.sql.insertEvent.run(
      input.machineId,
      input.process,
      'BackoffCleared',
      now,
      OPERATOR_SESSION_ID,
      0,
      input.reason,
    );
    return { ok: true, active };
  });
}

const SESSIONS_SQL = `SELECT s.id, s.component, s.runtime_info, s.interval_ms, s.created_at, s.deadline,
    CASE WHEN s.deadline > @now THEN (SELECT count(*) FROM work w WHERE w.session_id = s.id) ELSE 0 END AS live_work
  FROM sessions s WHERE (NOT @aliveOnly OR s.deadline > @now)
  ORDER BY s.created_at, s.id LIMIT @limit`;

/** Sessions ordered by (createdAt, id), at most `limit`, with `alive` and live work judged at now. */
export function listSessions(c: Connection, input: StoreListSessionsInput): SessionInfo[] {
  const now = input.now ?? Date.now();
  const rows = c.cache
    .get(SESSIONS_SQL)
    .all({ now, aliveOnly: input.aliveOnly ? 1 : 0, limit: input.limit }) as SessionRow[];
  return rows.map((row) => ({
    id: row.id,
    component: row.component,
    runtimeInfo: row.runtime_info,
    intervalMs: row.interval_ms,
    createdAt: row.created_at,
    deadline: row.deadline,
    alive: row.deadline > now,
    liveWork: row.live_work,
  }));
}
