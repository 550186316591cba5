import {
  type Backoff,
  type HistoryEvent,
  type HistoryEventKind,
  historyIdOfSequence,
  type Machine,
  type Tag,
  type WorkInfo,
} from '@tagout/core';

/** A machine joined with its tags: one row per tag, or one row with NULL tag columns. */
export interface MachineTagRow {
  id: string;
  created_at: number;
  name: string | null;
  value: string | null;
  updated_at: number | null;
}

/** Columns of `history` as the readers select them. */
export interface HistoryRow {
  seq: number;
  machine_id: string;
  process: string;
  event: HistoryEventKind;
  at: number;
  session_id: string;
  token: number;
  cause: string | null;
}

/** Columns of `backoffs`. */
export interface BackoffRow {
  machine_id: string;
  process: string;
  until: number;
  cause: string;
  last_interval_ms: number;
}

/** Columns of `work`. */
export interface WorkRow {
  machine_id: string;
  process: string;
  session_id: string;
  token: number;
  started_at: number;
}

/**
 * Groups machine/tag rows (consecutive per machine, in the query's order) into machines.
 * Tags are built with `Object.fromEntries`, so a tag named `__proto__` stays an own property.
 */
export function machinesFromRows(rows: readonly MachineTagRow[]): Machine[] {
  const machines: Machine[] = [];
  let current: { id: string; createdAt: number; tags: [string, Tag][] } | undefined;
  const flush = () => {
    if (current !== undefined) {
      machines.push({ id: current.id, createdAt: current.createdAt, tags: Object.fromEntries(current.tags) });
    }
  };
  for (const row of rows) {
    if (current?.id !== row.id) {
      flush();
      current = { id: row.id, createdAt: row.created_at, tags: [] };
    }
    if (row.name !== null && row.value !== null && row.updated_at !== null) {
      current.tags.push([row.name, { value: JSON.parse(row.value), updatedAt: row.updated_at }]);
    }
  }
  flush();
  return machines;
}

/** A history row as an event; `cause` only where stored (Failed). */
export function historyEventFromRow(row: HistoryRow): HistoryEvent {
  return {
    id: historyIdOfSequence(row.seq),
    machineId: row.machine_id,
    process: row.process,
    event: row.event,
    at: row.at,
    sessionId: row.session_id,
    token: row.token,
    ...(row.cause !== null && { cause: row.cause }),
  };
}

/** A backoff row as a backoff, `active` judged at `now`. */
export function backoffFromRow(row: BackoffRow, now: number): Backoff {
  return {
    machineId: row.machine_id,
    process: row.process,
    until: row.until,
    cause: row.cause,
    lastIntervalMs: row.last_interval_ms,
    active: row.until > now,
  };
}

/** A work row as work info. */
export function workFromRow(row: WorkRow): WorkInfo {
  return {
    machineId: row.machine_id,
    process: row.process,
    sessionId: row.session_id,
    token: row.token,
    startedAt: row.started_at,
  };
}
