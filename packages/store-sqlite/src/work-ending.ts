import type {
  FinishWrite,
  LostResult,
  StoreCancelInput,
  StoreFailInput,
  StoreFinishInput,
  StoreFinishManyInput,
  WorkRef,
} from '@tagout/core';
import type { Connection } from './connection.js';
import { appendEvent, isAlive, writeTags } from './steps.js';

const EXPIRED: LostResult = { ok: false, reason: 'session-expired' };
const LOST: LostResult = { ok: false, reason: 'lost' };
const OK = { ok: true } as const;

/** Deletes the work item if the pair still holds `ref.token` for `ref.sessionId`. */
function release(c: Connection, ref: Omit<WorkRef, 'now'>): boolean {
  return c.sql.deleteHeldWork.run(ref.machineId, ref.process, ref.token, ref.sessionId).changes === 1;
}

/** Finishes work: deletes it and the pair's backoff, appends Finished, applies the commit. */
export function finish(c: Connection, input: StoreFinishInput): { ok: true } | LostResult {
  return c.write(() => finishStep(c, input, input.now ?? Date.now()));
}

/**
 * Finishes several works in one transaction, each as `finish` would, in input order, all at one
 * now. better-sqlite3 is synchronous: core bounds a batch (`LIMITS.finishBatch`), which keeps it
 * to milliseconds.
 */
export function finishMany(c: Connection, input: StoreFinishManyInput): ({ ok: true } | LostResult)[] {
  return c.write(() => {
    const now = input.now ?? Date.now();
    return input.finishes.map((entry) => finishStep(c, entry, now));
  });
}

/** One finish inside the caller's transaction. */
function finishStep(c: Connection, input: FinishWrite, now: number): { ok: true } | LostResult {
  if (!isAlive(c, input.sessionId, now)) return EXPIRED;
  if (!release(c, input)) return LOST;
  c.sql.deletePairBackoff.run(input.machineId, input.process);
  appendEvent(c, { ...input, event: 'Finished' }, now, input.sessionId, input.token);
  writeTags(c, input.machineId, input.setTags, now);
  for (const name of input.deleteTags) c.sql.deleteTag.run(input.machineId, name);
  return OK;
}

/** Fails work: deletes it, appends Failed, upserts the pair's backoff. */
export function fail(c: Connection, input: StoreFailInput): { ok: true; until: number } | LostResult {
  return c.write(() => {
    const now = input.now ?? Date.now();
    if (!isAlive(c, input.sessionId, now)) return EXPIRED;
    if (!release(c, input)) return LOST;
    appendEvent(c, { ...input, event: 'Failed' }, now, input.sessionId, input.token, input.cause);
    const until = now + input.delayMs;
    c.sql.upsertBackoff.run(input.machineId, input.process, until, input.cause, input.intervalMs);
    return { ok: true as const, until };
  });
}

/** Cancels work: deletes it and appends Canceled (session alive) or Expired; backoff untouched. */
export function cancel(
  c: Connection,
  input: StoreCancelInput,
): { ok: true; event: 'Canceled' | 'Expired' } | { ok: false; reason: 'lost' } {
  return c.write(() => {
    const now = input.now ?? Date.now();
    if (!release(c, input)) return { ok: false as const, reason: 'lost' as const };
    const event = isAlive(c, input.sessionId, now) ? 'Canceled' : 'Expired';
    appendEvent(c, { ...input, event }, now, input.sessionId, input.token);
    return { ok: true as const, event };
  });
}
