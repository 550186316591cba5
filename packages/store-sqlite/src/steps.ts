import type { HistoryEventKind, TagWrites } from '@tagout/core';
import type { Connection } from './connection.js';

/** Steps shared by several transitions. Each runs inside the caller's transaction. */

/** Whether the session exists and its deadline is after `now`. */
export function isAlive(c: Connection, sessionId: string, now: number): boolean {
  const deadline = c.sql.sessionDeadline.get(sessionId);
  return deadline !== undefined && deadline > now;
}

/** Appends one history event of an existing work item (anything but Started). */
export function appendEvent(
  c: Connection,
  event: { machineId: string; process: string; event: Exclude<HistoryEventKind, 'Started'> },
  at: number,
  sessionId: string,
  token: number,
  cause: string | null = null,
): void {
  c.sql.insertEvent.run(event.machineId, event.process, event.event, at, sessionId, token, cause);
}

/** Upserts tags (`updatedAt = now`) of a machine known to exist. */
export function writeTags(c: Connection, machineId: string, tags: TagWrites, now: number): void {
  for (const [name, value] of Object.entries(tags)) c.sql.upsertTag.run(machineId, name, value, now);
}

/**
 * Reaps the expired work of released items: an event per item, in token order.
 * @param items the deleted work rows.
 */
export function appendReleases(
  c: Connection,
  items: readonly { machineId: string; process: string; sessionId: string; token: number }[],
  event: 'Canceled' | 'Expired',
  now: number,
): void {
  const ordered = [...items].sort((a, b) => a.token - b.token);
  for (const item of ordered) appendEvent(c, { ...item, event }, now, item.sessionId, item.token);
}
