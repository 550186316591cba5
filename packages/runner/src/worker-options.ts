import {
  type BackoffPolicy,
  checkOptions,
  compileFilter,
  type Engine,
  type Filter,
  LIMITS,
  type TagTypes,
  type UntypedTags,
  ValidationError,
  type Work,
  type WorkCommit,
} from '@tagout/core';

/** What a handler gets besides its work. */
export interface HandlerContext {
  /**
   * Aborted when the session expires (the work is lost), or when the worker stops and
   * gives up waiting for this handler (`stopTimeoutMs`). Pass it to whatever the handler
   * awaits; a handler that ignores it still cannot commit.
   */
  signal: AbortSignal;
}

/**
 * Does one item of work. Resolving finishes the work with the returned commit (tags to
 * set/delete, in the same atomic step); throwing fails it: with the worker's `backoff`,
 * or with the policy of a thrown `FailWork`. `Tags`/`Inputs` are the engine's tag types: the
 * work's machine and the commit are typed like the engine's (a commit its tag schemas refuse
 * fails the work, as any refused commit does).
 */
export type WorkHandler<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags> = (
  work: Work<Tags, Inputs>,
  context: HandlerContext,
  // biome-ignore lint/suspicious/noConfusingVoidType: handlers that commit nothing simply return.
) => Promise<WorkCommit<Inputs> | void> | WorkCommit<Inputs> | void;

/** Options of `runWorker` (`Tags`/`Inputs`: the engine's tag types, see `Engine` in core). */
export interface WorkerOptions<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags> {
  /** Who is working, recorded with the sessions, e.g. 'provisioner'. */
  component: string;
  /** Free text recorded with the sessions (host, pid, version). */
  runtimeInfo?: string;
  /** The process to run; one of the engine's processes. */
  process: string;
  /** Which machines are eligible. */
  where: Filter<Tags>;
  /** Does the work. */
  handle: WorkHandler<Tags, Inputs>;
  /**
   * Handlers in flight at most. Default 1. The worker fills its free slots with one batched
   * claim (`session.workMany`, at most `LIMITS.claimBatch` at a time). A slot frees when its
   * handler settles: the work is finished or failed while the next claim runs, so the worker holds
   * at most 2 × (`concurrency` + `prefetch`) works (those being finished or failed included).
   */
  concurrency?: number;
  /**
   * Works claimed ahead of free slots, waiting in the worker for a handler (as graphile-worker's
   * local queue). With it a handler that settles starts the next work at once, without waiting
   * for a claim, and claims come in bigger batches (the worker claims again once three quarters
   * of this room are free), which a drain of many small works needs to go fast. A work claimed
   * ahead is held by this worker's session, so no other worker takes it, until a slot frees; so
   * keep it small where handlers are slow. Works still waiting when the worker stops are canceled.
   * Default 0: the worker claims only for free slots. From 0 to `LIMITS.claimBatch`.
   */
  prefetch?: number;
  /**
   * Claims (including ones that find nothing) per second at most, evenly spaced; with it, the
   * worker claims one machine at a time. Default: no limit.
   */
  claimsPerSecond?: number;
  /**
   * The safety poll: when nothing is eligible the worker waits for the engine's wake-up (a
   * store signal, the end of a backoff; see `engine.waitForWork`), and at most this long (±20%)
   * before asking again. Default 30 s. A store that cannot signal (no `subscribe`) is asked
   * only this often: set it lower there.
   */
  idleDelayMs?: number;
  /**
   * Batches finishes: a handler's finish waits at most this long (from the first one waiting) for
   * others to join it, and they go to the store in one `session.finishMany` (one transaction, one
   * round trip), each with its own fencing check and outcome. It goes sooner when no handler is
   * running any more. Fails are never batched. Default 0: no window; a finish goes at once when
   * none of the worker's finishes is waiting for the store, and those that come while one is go
   * together when its reply is back (see `FinishBatcher`). From 0 to 1000 ms.
   */
  commitBatchMs?: number;
  /** Policy of the backoff a failure puts the pair into. Default: core's (1 s, or the last interval). */
  backoff?: BackoffPolicy;
  /** Aborting it stops the worker, as `stop()` does. */
  signal?: AbortSignal;
  /** Interval of the worker's sessions. Default 30 s. */
  sessionIntervalMs?: number;
  /** Heartbeat the sessions in the background. Default true; tests with a manual clock turn it off. */
  heartbeat?: boolean;
  /** How long `stop()` waits for running handlers before canceling their work. Default 30 s. */
  stopTimeoutMs?: number;
  /** Delays between retries when the store fails: doubling from `initialMs` up to `maximumMs`. Default 100 ms → 30 s. */
  storeRetry?: { initialMs?: number; maximumMs?: number };
  /** Called on every claim that finds nothing eligible. */
  onIdle?: () => void;
  /** Receives what the worker handled but an operator should see: store failures, lost work. Default: console.warn. */
  onError?: (error: unknown) => void;
}

/** {@link WorkerOptions} after validation, with defaults applied. Internal. */
export interface ResolvedWorkerOptions {
  component: string;
  runtimeInfo: string;
  process: string;
  where: Filter;
  handle: WorkHandler;
  concurrency: number;
  prefetch: number;
  claimsPerSecond: number | undefined;
  idleDelayMs: number;
  commitBatchMs: number;
  backoff: BackoffPolicy | undefined;
  signal: AbortSignal | undefined;
  sessionIntervalMs: number;
  heartbeat: boolean;
  stopTimeoutMs: number;
  storeRetry: { initialMs: number; maximumMs: number };
  onIdle: (() => void) | undefined;
  onError: (error: unknown) => void;
}

const MAX_CONCURRENCY = 10_000;
/**
 * The longest `commitBatchMs`: a window is meant to be short. Finished work stays held while it
 * waits (one of the 2 × `concurrency` works the worker may hold, its session needing heartbeats),
 * so a longer one only delays.
 */
const MAX_COMMIT_BATCH_MS = 1000;
/** The default safety poll of an idle worker (`idleDelayMs`). */
const DEFAULT_IDLE_DELAY_MS = 30_000;

/** Every option name of {@link WorkerOptions}: any other (`concurency`) is refused. */
const OPTION_NAMES = [
  'component',
  'runtimeInfo',
  'process',
  'where',
  'handle',
  'concurrency',
  'prefetch',
  'claimsPerSecond',
  'idleDelayMs',
  'commitBatchMs',
  'backoff',
  'signal',
  'sessionIntervalMs',
  'heartbeat',
  'stopTimeoutMs',
  'storeRetry',
  'onIdle',
  'onError',
] as const satisfies readonly (keyof WorkerOptions)[];

/** The policy fields core knows: an unknown one is refused here rather than at the first failure. */
const POLICY_FIELDS = [
  'initialMs',
  'maximumMs',
  'exponent',
  'jitter',
] as const satisfies readonly (keyof BackoffPolicy)[];

/**
 * Checks the options of `runWorker` and applies the defaults.
 * @throws ValidationError naming the first bad field, or an unknown one (`options.concurency`).
 */
export function resolveWorkerOptions(engine: Engine, options: WorkerOptions): ResolvedWorkerOptions {
  checkOptions<WorkerOptions>('options', options, OPTION_NAMES);
  if (typeof options.handle !== 'function') throw new ValidationError('handle', 'must be a function');
  if (!engine.processes.includes(options.process)) {
    throw new ValidationError(
      'process',
      `${JSON.stringify(options.process)} is not one of the engine's processes (${engine.processes.join(', ')})`,
    );
  }
  compileFilter(options.where);
  const retry = checkOptions<NonNullable<WorkerOptions['storeRetry']>>(
    'storeRetry',
    options.storeRetry === undefined ? {} : options.storeRetry,
    ['initialMs', 'maximumMs'],
  );
  return {
    component: text('component', options.component, LIMITS.componentLength, false),
    runtimeInfo: text('runtimeInfo', options.runtimeInfo ?? '', LIMITS.runtimeInfoLength, true),
    process: options.process,
    where: options.where,
    handle: options.handle,
    concurrency: integer('concurrency', options.concurrency ?? 1, MAX_CONCURRENCY),
    prefetch: wholeNumber('prefetch', options.prefetch ?? 0, LIMITS.claimBatch),
    claimsPerSecond:
      options.claimsPerSecond === undefined
        ? undefined
        : positive('claimsPerSecond', options.claimsPerSecond, Number.MAX_SAFE_INTEGER),
    idleDelayMs: positive('idleDelayMs', options.idleDelayMs ?? DEFAULT_IDLE_DELAY_MS, LIMITS.durationMs),
    commitBatchMs: nonNegative('commitBatchMs', options.commitBatchMs ?? 0, MAX_COMMIT_BATCH_MS),
    backoff: policy(options.backoff),
    signal: abortSignal(options.signal),
    sessionIntervalMs: positive('sessionIntervalMs', options.sessionIntervalMs ?? 30_000, LIMITS.durationMs),
    heartbeat: boolean('heartbeat', options.heartbeat ?? true),
    stopTimeoutMs: positive('stopTimeoutMs', options.stopTimeoutMs ?? 30_000, LIMITS.durationMs),
    storeRetry: {
      initialMs: positive('storeRetry.initialMs', retry.initialMs ?? 100, LIMITS.durationMs),
      maximumMs: positive('storeRetry.maximumMs', retry.maximumMs ?? 30_000, LIMITS.durationMs),
    },
    onIdle: optionalFunction('onIdle', options.onIdle),
    onError:
      optionalFunction('onError', options.onError) ??
      ((error) => console.warn(`tagout runner: ${error instanceof Error ? error.message : String(error)}`)),
  };
}

function text(field: string, value: unknown, max: number, allowEmpty: boolean): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw new ValidationError(field, 'must be a non-empty string');
  }
  if (value.length > max) throw new ValidationError(field, `is longer than ${max} characters`);
  return value;
}

function positive(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new ValidationError(field, `must be a number greater than 0 and at most ${max}`);
  }
  return value;
}

function nonNegative(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new ValidationError(field, `must be a number from 0 to ${max}`);
  }
  return value;
}

function integer(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ValidationError(field, `must be an integer from 1 to ${max}`);
  }
  return value;
}

function wholeNumber(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new ValidationError(field, `must be an integer from 0 to ${max}`);
  }
  return value;
}

function boolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(field, 'must be a boolean');
  return value;
}

function optionalFunction<T>(field: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function')
    throw new ValidationError(field, 'must be a function');
  return value;
}

function abortSignal(value: unknown): AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) {
    throw new ValidationError('signal', 'must be an AbortSignal');
  }
  return value;
}

/** Shape and field names only: core checks every value when `fail` runs (the runner falls back if it refuses). */
function policy(value: unknown): BackoffPolicy | undefined {
  if (value === undefined) return undefined;
  return checkOptions<BackoffPolicy>('backoff', value, POLICY_FIELDS);
}
