import type {
  CreatedSession,
  SessionExpired,
  StoreCloseSessionInput,
  StoreCreateSessionInput,
  StoreHeartbeatInput,
} from '@tagout/core';
import type { Connection } from './connection.js';
import { appendReleases } from './steps.js';

const EXPIRED: SessionExpired = { ok: false, reason: 'session-expired' };

/**
 * Creates an alive session, after deleting up to 100 retired sessions (`deadline + retention
 * <= now`) that hold no work, in the same transaction.
 */
export function createSession(c: Connection, input: StoreCreateSessionInput): CreatedSession {
  return c.write(() => {
    const now = input.now ?? Date.now();
    c.sql.deleteRetiredSessions.run(now);
    const created: CreatedSession = { createdAt: now, deadline: now + input.intervalMs };
    c.sql.insertSession.run(
      input.id,
      input.component,
      input.runtimeInfo,
      input.intervalMs,
      input.retentionMs,
      created.createdAt,
      created.deadline,
    );
    return created;
  });
}

/** Extends an alive session and sets its retention; a gone or dead one is left as it is. */
export function heartbeat(
  c: Connection,
  input: StoreHeartbeatInput,
): { ok: true; deadline: number } | SessionExpired {
  return c.write(() => {
    const now = input.now ?? Date.now();
    const deadline = c.sql.extendSession.get(now, input.retentionMs, input.sessionId, now);
    return deadline === undefined ? EXPIRED : { ok: true, deadline };
  });
}

/**
 * Deletes a session and releases its work: Canceled if it was alive, Expired if not. Returns
 * the processes of the released work too (the store signals them).
 */
export function closeSession(
  c: Connection,
  input: StoreCloseSessionInput,
): { released: number; processes: string[] } {
  return c.write(() => {
    const now = input.now ?? Date.now();
    const deadline = c.sql.sessionDeadline.get(input.sessionId);
    if (deadline === undefined) return { released: 0, processes: [] };
    const event = deadline > now ? 'Canceled' : 'Expired';
    const items = c.sql.deleteSessionWork.all(input.sessionId).map((row) => ({
      machineId: row.machine_id,
      process: row.process,
      sessionId: input.sessionId,
      token: row.token,
    }));
    appendReleases(c, items, event, now);
    c.sql.deleteSession.run(input.sessionId);
    return { released: items.length, processes: [...new Set(items.map((item) => item.process))] };
  });
}
