import type { EngineContext } from './context.js';
import { NotFoundError, ValidationError } from './errors.js';
import { DEFAULT_LIST_LIMIT } from './history.js';
import { checkOptions } from './options.js';
import type { SessionInfo, Store } from './store.js';
import { checkCause, checkFlag, checkLimit, checkMachineId, checkProcess } from './validate.js';

/** Input of `engine.clearBackoff`. */
export interface ClearBackoffInput {
  machineId: string;
  process: string;
  /**
   * Why the operator clears it, recorded as the `BackoffCleared` event's `cause`. Optional;
   * when given, checked like a failure cause (not blank, at most 4096 characters).
   */
  reason?: string;
  /**
   * Also forget the stored interval (the base of the next backoff): the backoff is deleted,
   * active or not, so the next failure starts from its policy's initial interval. Default false.
   */
  resetInterval?: boolean;
}

/** Options of `engine.sessions`. */
export interface SessionsQuery {
  /** Only sessions alive now. Default false: alive ones and dead ones the store still keeps. */
  aliveOnly?: boolean;
  /** At most this many, oldest first (default 1000). */
  limit?: number;
}

/**
 * `engine.clearBackoff`: checks the input, then lets the store end the pair's backoff in one
 * atomic step. Resolves to whether the backoff was active.
 * @throws ValidationError for bad input (nothing changed), NotFoundError for an unknown machine.
 */
export async function clearBackoff(
  context: EngineContext,
  store: Store,
  input: ClearBackoffInput,
): Promise<boolean> {
  checkOptions<ClearBackoffInput>('input', input, ['machineId', 'process', 'reason', 'resetInterval']);
  const machineId = checkMachineId('machineId', input.machineId);
  const process = checkProcess(input.process, context.processes);
  if (input.reason !== undefined && typeof input.reason !== 'string') {
    throw new ValidationError('reason', 'must be a string');
  }
  const reason = input.reason === undefined ? null : checkCause(input.reason, 'reason');
  const resetInterval = checkFlag('resetInterval', input.resetInterval, false);
  const result = await context.call('clearBackoff', () =>
    store.clearBackoff({ machineId, process, reason, resetInterval, ...context.at() }),
  );
  if (!result.ok) throw new NotFoundError(`machine ${machineId}`);
  return result.active;
}

/**
 * `engine.sessions`: the sessions the store keeps, ordered by (createdAt, id).
 * @throws ValidationError for bad options.
 */
export async function listSessions(
  context: EngineContext,
  store: Store,
  query: SessionsQuery,
): Promise<SessionInfo[]> {
  checkOptions<SessionsQuery>('query', query, ['aliveOnly', 'limit']);
  const aliveOnly = checkFlag('aliveOnly', query.aliveOnly, false);
  const limit = checkLimit('limit', query.limit ?? DEFAULT_LIST_LIMIT);
  return context.call('listSessions', () => store.listSessions({ aliveOnly, limit, ...context.at() }));
}
