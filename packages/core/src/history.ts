import type { EngineContext } from './context.js';
import { ValidationError } from './errors.js';
import { LIMITS } from './limits.js';
import { checkOptions } from './options.js';
import type { PruneBatch, Store, StorePruneHistoryInput } from './store.js';
import type { HistoryEvent } from './types.js';
import { checkLimit, checkMachineId, checkProcess } from './validate.js';

/** The `limit` of every listing (history, backoffs, activeWork, machines, sessions) when none is given. */
export const DEFAULT_LIST_LIMIT = 1000;

/**
 * Events one `pruneHistory` batch examines: one transaction (or one script) each, so a prune of
 * millions of events never holds a lock, or blocks Redis, for longer than a batch.
 */
export const PRUNE_BATCH = 1000;

/** Options of `engine.history`: which events, and which page of them. */
export interface HistoryQuery {
  machineId?: string;
  process?: string;
  /** Events after this id (exclusive): the `limit` oldest of them. Combine with `before` for a range. */
  after?: string;
  /** Events before this id (exclusive): the `limit` newest of them, still returned oldest first. */
  before?: string;
  /** At most this many (default 1000, at most `LIMITS.listLimit`). */
  limit?: number;
}

/** Options of `engine.pruneHistory`. */
export interface PruneHistoryOptions {
  /** Deletes events that happened before `now - olderThanMs` (store clock). */
  olderThanMs: number;
}

/**
 * One page of history (see {@link HistoryQuery}), oldest first.
 * @throws ValidationError for an unknown key, a bad machine id, process or limit, or a cursor that
 * is not an id the store could have issued.
 */
export async function readHistory(
  context: EngineContext,
  store: Store,
  query: HistoryQuery,
): Promise<HistoryEvent[]> {
  checkOptions<HistoryQuery>('query', query, ['machineId', 'process', 'after', 'before', 'limit']);
  const input = {
    ...(query.machineId !== undefined && { machineId: checkMachineId('machineId', query.machineId) }),
    ...(query.process !== undefined && { process: checkProcess(query.process, context.processes) }),
    ...(query.after !== undefined && { after: checkCursor('after', query.after) }),
    ...(query.before !== undefined && { before: checkCursor('before', query.before) }),
    limit: checkLimit('limit', query.limit ?? DEFAULT_LIST_LIMIT),
  };
  const result = await context.call('history', () => store.history(input));
  if (!result.ok) throw new ValidationError(result.cursor, 'is not a history event id of this store');
  return result.events;
}

/**
 * Deletes events older than `now - olderThanMs` in batches of {@link PRUNE_BATCH} (each atomic),
 * keeping the latest event of every pair that has a backoff, and yields to the event loop between
 * batches. Every batch judges age at the time the first one did, so events appended meanwhile
 * never prolong the loop. Returns how many events were deleted.
 * @throws ValidationError for an unknown key or a bad `olderThanMs`; StoreError (earlier batches
 * stay deleted).
 */
export async function pruneHistory(
  context: EngineContext,
  store: Store,
  options: PruneHistoryOptions,
): Promise<number> {
  checkOptions<PruneHistoryOptions>('options', options, ['olderThanMs']);
  const olderThanMs = checkAge('olderThanMs', options.olderThanMs);
  let at = context.at();
  let after: string | null = null;
  let deleted = 0;
  do {
    const input: StorePruneHistoryInput = {
      olderThanMs,
      limit: PRUNE_BATCH,
      ...at,
      ...(after !== null && { after }),
    };
    const batch: PruneBatch = await context.call('pruneHistory', () => store.pruneHistory(input));
    deleted += batch.deleted;
    after = batch.next;
    at = { now: batch.now };
    if (after !== null) await nextTurn();
  } while (after !== null);
  return deleted;
}

/** A cursor's shape: a non-empty string of at most `LIMITS.historyIdLength` characters. */
function checkCursor(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS.historyIdLength) {
    throw new ValidationError(
      field,
      `must be a history event id (a non-empty string of at most ${LIMITS.historyIdLength} characters)`,
    );
  }
  return value;
}

/** An age in ms: finite, ≥ 0, at most `LIMITS.historyAgeMs`. */
function checkAge(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > LIMITS.historyAgeMs) {
    throw new ValidationError(field, `must be a number of ms from 0 to ${LIMITS.historyAgeMs}`);
  }
  return value;
}

/** Lets timers and I/O run (a macrotask turn), so a long prune never starves the event loop. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
