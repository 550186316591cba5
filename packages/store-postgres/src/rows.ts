import {
  type Backoff,
  type ClaimedWork,
  type HistoryEvent,
  type HistoryEventKind,
  historyIdOfSequence,
  type Json,
  type Machine,
  type NothingEligible,
  type SessionInfo,
  type Tag,
  type WorkInfo,
} from '@tagout/core';
import type { Row } from './pool.js';

/** A history row as the store selects it. */
export function toHistoryEvent(row: Row): HistoryEvent {
  const event: HistoryEvent = {
    id: historyIdOfSequence(String(row.seq)),
    machineId: String(row.machine_id),
    process: String(row.process),
    event: row.event as HistoryEventKind,
    at: Number(row.at),
    sessionId: String(row.session_id),
    token: Number(row.token),
  };
  if (row.cause !== null && row.cause !== undefined) event.cause = String(row.cause);
  return event;
}

/**
 * The `nothing` of a claim by filter from its statement's row: with `retryInMs` (from `retry_at`,
 * the earliest active backoff end of the process, and the claim's `now`) when there is one.
 */
export function toNothingEligible(row: Row): NothingEligible {
  if (row.retry_at === null || row.retry_at === undefined) return { ok: false, reason: 'nothing' };
  return { ok: false, reason: 'nothing', retryInMs: Number(row.retry_at) - Number(row.now) };
}

/** A backoff row (with its computed `active`). */
export function toBackoff(row: Row): Backoff {
  return {
    machineId: String(row.machine_id),
    process: String(row.process),
    until: Number(row.until),
    cause: String(row.cause),
    lastIntervalMs: Number(row.last_interval_ms),
    active: row.active === true,
  };
}

/** A live work row. */
export function toWorkInfo(row: Row): WorkInfo {
  return {
    machineId: String(row.machine_id),
    process: String(row.process),
    sessionId: String(row.session_id),
    token: Number(row.token),
    startedAt: Number(row.started_at),
  };
}

/** A row of the session listing (`sql/statements/list-sessions.sql`). */
export function toSessionInfo(row: Row): SessionInfo {
  return {
    id: String(row.id),
    component: String(row.component),
    runtimeInfo: String(row.runtime_info),
    intervalMs: Number(row.interval_ms),
    createdAt: Number(row.created_at),
    deadline: Number(row.deadline),
    alive: row.alive === true,
    liveWork: Number(row.live_work),
  };
}

/** The `r` column of a row holding `machine_json(...)`. */
export function toMachine(row: Row | undefined): Machine | null {
  return (row?.r ?? null) as Machine | null;
}

/** The rows of a claim statement (see filters/claim-filter-sql.ts) whose claim was written. */
export function toClaimedWork(rows: Row[]): ClaimedWork {
  const first = rows[0] ?? {};
  const tags: Record<string, Tag> = {};
  for (const row of rows) {
    if (row.tag !== null)
      tags[String(row.tag)] = { value: row.tag_value as Json, updatedAt: Number(row.tag_updated_at) };
  }
  return {
    machine: { id: String(first.id), createdAt: Number(first.created_at), tags },
    token: Number(first.token),
    startedAt: Number(first.now),
    lastIntervalMs: first.last_interval_ms === null ? null : Number(first.last_interval_ms),
  };
}
