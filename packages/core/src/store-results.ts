/**
 * The objects callers see, built from what a store reports. A store returns facts (the times it
 * stored); core knows the rest (ids, tags, cause, intervals), so the objects are built here, once,
 * not in each store.
 */
import type { NextBackoff } from './backoff.js';
import type { Json } from './json.js';
import type { CreatedSession, MachineWrite, SessionRecord } from './store.js';
import type { Backoff, Machine } from './types.js';

/** A machine as `createMachine(s)` wrote it: created at `createdAt`, every tag updated then. */
export function createdMachine(write: MachineWrite, createdAt: number): Machine {
  const tags: Machine['tags'] = {};
  for (const [name, text] of Object.entries(write.tags)) {
    tags[name] = { value: JSON.parse(text) as Json, updatedAt: createdAt };
  }
  return { id: write.id, createdAt, tags };
}

/** The session `createSession` stored: its input, and the times the store reported. */
export function createdSession(
  input: Omit<SessionRecord, 'createdAt' | 'deadline'>,
  created: CreatedSession,
): SessionRecord {
  return {
    id: input.id,
    component: input.component,
    runtimeInfo: input.runtimeInfo,
    intervalMs: input.intervalMs,
    createdAt: created.createdAt,
    deadline: created.deadline,
  };
}

/**
 * The backoff `fail` stored for `pair` with `cause` and `step`: `until` as the store reported it
 * (`now + delayMs`), active because `delayMs` is positive.
 */
export function failedBackoff(
  pair: { machineId: string; process: string },
  cause: string,
  step: NextBackoff,
  until: number,
): Backoff {
  return {
    machineId: pair.machineId,
    process: pair.process,
    until,
    cause,
    lastIntervalMs: step.intervalMs,
    active: step.delayMs > 0,
  };
}
