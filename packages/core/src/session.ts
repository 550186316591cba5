import type { EngineContext } from './context.js';
import {
  BackedOffError,
  ClosedError,
  NotFoundError,
  SessionExpiredError,
  StoreError,
  type TagoutError,
  ValidationError,
  WorkConflictError,
} from './errors.js';
import { compileFilter } from './filter.js';
import { checkFinishMany, type FinishManyEntry, type FinishOutcome, finishMany } from './finish-many.js';
import { checkOptions } from './options.js';
import type { ClaimedWork, ClaimManyResult, ClaimResult, SessionRecord } from './store.js';
import type { TagTypes, UntypedTags } from './tag-types.js';
import type { Filter } from './types.js';
import { checkMachineId, checkProcess } from './validate.js';
import { type Work, WorkItem, type WorkOwner } from './work.js';
import { checkWorkMany, claimMany, type WorkManyOptions } from './work-many.js';

/**
 * A heartbeated session: the identity that holds work. `Tags`/`Inputs` are the engine's tag
 * types (see `Engine`).
 */
export interface Session<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags> {
  readonly id: string;
  readonly component: string;
  /** The last deadline the store confirmed (ms since epoch, store clock). */
  readonly deadline: number;
  /** True once the session is known to be expired or closed; it never becomes false again. */
  readonly expired: boolean;
  /**
   * True once `close()` (or `engine.close()`) ended the session before any call found it
   * expired: its calls then reject with ClosedError rather than SessionExpiredError.
   */
  readonly closed: boolean;
  /** Aborted when the session expires or is closed. Hand it to the work you do. */
  readonly signal: AbortSignal;
  /**
   * Extends the deadline by the session's interval.
   * @throws SessionExpiredError if the session is past its deadline (found now or before).
   * @throws ClosedError if it was closed (`close()`, `engine.close()`) before it was found expired.
   */
  heartbeat(): Promise<void>;
  /**
   * Ends the session; its open work is released with Canceled events. From then on its
   * calls, and finish/fail of its work, reject with ClosedError (unless the session had
   * already been found expired: then they keep saying so). Idempotent.
   */
  close(): Promise<void>;
  /**
   * Claims `process` on one machine.
   * @throws WorkConflictError, BackedOffError (with `until` and `cause`), SessionExpiredError,
   * ClosedError (see `heartbeat`), NotFoundError, ValidationError.
   */
  work(process: string, target: { machineId: string }): Promise<Work<Tags, Inputs>>;
  /**
   * Claims `process` on some machine passing `where`; null when none is eligible now.
   * @throws SessionExpiredError, ClosedError (see `heartbeat`), ValidationError.
   */
  work(process: string, target: { where: Filter<Tags> }): Promise<Work<Tags, Inputs> | null>;
  /**
   * Claims `process` on up to `limit` machines passing `where`, in one store call where the store
   * can (one statement or script): each work item exactly as one of `work(process, { where })`,
   * with its own fencing token, history and exclusivity; in token order. Fewer (possibly none)
   * when fewer are eligible now (or, on a store with a scan budget, found within it).
   * @throws SessionExpiredError, ClosedError (see `heartbeat`), ValidationError (an unknown
   * process or option key, a bad filter, `limit` not an integer from 1 to `LIMITS.claimBatch`).
   */
  workMany(process: string, options: { where: Filter<Tags>; limit: number }): Promise<Work<Tags, Inputs>[]>;
  /**
   * Finishes several work items of this session, sending their store writes in one store call
   * where the store can (one transaction, statement or script; more than one only when their
   * tag writes together pass the bulk limits of `LIMITS`). Each entry is exactly
   * `entry.work.finish(entry.commit)`: its own fencing check, commit validation (tag schemas
   * included), `Finished` event and engine events (in input order), and its own outcome, which
   * leaves the work item as that finish would: `{ ok: true }`, or `{ ok: false, error }` with
   * the error the finish would have rejected with (WorkLostError, ClosedError,
   * AlreadyDoneError, ValidationError for its commit: the work stays held; StoreError: the
   * outcome is unknown and the work stays held, as after a single finish). One entry's error
   * changes nothing of the others. Resolves with the outcomes in input order.
   * @throws ValidationError, changing nothing, when `entries` is not an array of at most
   * `LIMITS.finishBatch` objects `{ work, commit? }` whose works are distinct work items of this
   * session.
   */
  finishMany(entries: readonly FinishManyEntry<Tags, Inputs>[]): Promise<FinishOutcome[]>;
  /** Closes the session. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of `engine.startSession`. */
export interface SessionOptions {
  /** Who is working, e.g. 'provisioner'. Recorded with the session. */
  component: string;
  /** Free text about the process (host, pid, version). */
  runtimeInfo?: string;
  /** The session dies this long after its last heartbeat. Default 30 s. */
  intervalMs?: number;
  /** Heartbeat in the background every interval/2. Default true; tests turn it off and call heartbeat(). */
  heartbeat?: boolean;
}

/** Internal implementation of {@link Session}. */
export class LiveSession implements Session, WorkOwner {
  readonly id: string;
  readonly component: string;
  readonly #context: EngineContext;
  readonly #intervalMs: number;
  readonly #controller = new AbortController();
  readonly #onEnd: (session: LiveSession) => void;
  #deadline: number;
  /** How the session ended, as this process learned it first: a call found it expired, or close() ran. */
  #ended: 'expired' | 'closed' | undefined;
  #closing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Fires when no heartbeat got through before the local deadline (background mode only). */
  #watchdog: NodeJS.Timeout | undefined;
  readonly #background: boolean;
  /** Local monotonic time by which a heartbeat must have succeeded. */
  #localDeadline: number;

  constructor(
    context: EngineContext,
    record: SessionRecord,
    background: boolean,
    onEnd: (session: LiveSession) => void,
  ) {
    this.#context = context;
    this.id = record.id;
    this.component = record.component;
    this.#intervalMs = record.intervalMs;
    this.#deadline = record.deadline;
    this.#onEnd = onEnd;
    this.#localDeadline = performance.now() + record.intervalMs;
    this.#background = background;
    if (background) {
      this.#armWatchdog();
      this.#schedule(record.intervalMs / 2);
    }
  }

  get deadline(): number {
    return this.#deadline;
  }

  get expired(): boolean {
    return this.#ended !== undefined;
  }

  get closed(): boolean {
    return this.#ended === 'closed';
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  async heartbeat(): Promise<void> {
    if (this.#ended !== undefined) throw this.#endedError();
    const sentAt = performance.now();
    const result = await this.#context.call('heartbeat', () =>
      this.#context.store.heartbeat({
        sessionId: this.id,
        retentionMs: this.#context.sessionRetentionMs,
        ...this.#context.at(),
      }),
    );
    if (!result.ok) {
      this.markExpired();
      throw this.#endedError();
    }
    this.#deadline = result.deadline;
    this.#localDeadline = sentAt + this.#intervalMs;
    if (this.#background) this.#armWatchdog();
  }

  work(process: string, target: { machineId: string }): Promise<Work>;
  work(process: string, target: { where: Filter }): Promise<Work | null>;
  async work(process: string, target: { machineId: string } | { where: Filter }): Promise<Work | null> {
    const checkedProcess = checkProcess(process, this.#context.processes);
    const storeTarget = compileTarget(target);
    if (this.#ended !== undefined) throw this.#endedError();
    const startedAt = performance.now();
    // Signals heard from here on may concern what this claim finds (see `engine.waitForWork`).
    const mark = this.#context.wakes.claimStarted();
    const at = this.#context.at();
    let result: ClaimResult;
    try {
      result = await this.#context.call('claim', () =>
        this.#context.store.claim({
          sessionId: this.id,
          process: checkedProcess,
          blockers: this.#context.blockersOf(checkedProcess),
          target: storeTarget,
          ...at,
        }),
      );
    } catch (error) {
      throw this.#claimFailure(error);
    }
    if (result.ok) return this.#workItem(checkedProcess, result.work, performance.now() - startedAt);
    const machineId = 'machineId' in storeTarget ? storeTarget.machineId : '';
    switch (result.reason) {
      case 'nothing':
        this.#context.wakes.foundNothing(checkedProcess, mark, result.retryInMs, at.now);
        return null;
      case 'session-expired':
        this.markExpired();
        throw this.#endedError();
      case 'not-found':
        throw new NotFoundError(`machine ${machineId}`);
      case 'conflict':
        throw new WorkConflictError(machineId, checkedProcess, result.process);
      case 'backed-off':
        throw new BackedOffError(machineId, checkedProcess, result.until, result.cause);
    }
  }

  async workMany(process: string, options: WorkManyOptions): Promise<Work[]> {
    const checkedProcess = checkProcess(process, this.#context.processes);
    const { filter, limit } = checkWorkMany(options);
    if (this.#ended !== undefined) throw this.#endedError();
    const startedAt = performance.now();
    // As for one claim: signals heard from here on may concern what this batch finds.
    const mark = this.#context.wakes.claimStarted();
    const at = this.#context.at();
    let result: ClaimManyResult;
    try {
      result = await this.#context.call('claimMany', () =>
        claimMany(this.#context.store, {
          sessionId: this.id,
          process: checkedProcess,
          blockers: this.#context.blockersOf(checkedProcess),
          filter,
          limit,
          ...at,
        }),
      );
    } catch (error) {
      throw this.#claimFailure(error);
    }
    if (!result.ok) {
      this.markExpired();
      throw this.#endedError();
    }
    if (result.works.length === 0) {
      this.#context.wakes.foundNothing(checkedProcess, mark, result.retryInMs, at.now);
      return [];
    }
    const latencyMs = performance.now() - startedAt;
    return result.works.map((claimed) => this.#workItem(checkedProcess, claimed, latencyMs));
  }

  async finishMany(entries: readonly FinishManyEntry[]): Promise<FinishOutcome[]> {
    const owns = (work: unknown): work is WorkItem => work instanceof WorkItem && work.heldBy(this);
    return finishMany(this.#context, checkFinishMany(entries, owns));
  }

  /** The work item of a claim that succeeded, announced with a `claimed` event. */
  #workItem(process: string, claimed: ClaimedWork, latencyMs: number): WorkItem {
    const { machine, token } = claimed;
    this.#context.events.emitWith('claimed', () => ({
      machineId: machine.id,
      process,
      sessionId: this.id,
      token,
      latencyMs,
    }));
    return new WorkItem(this.#context, this, process, claimed);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close().catch((error: unknown) => {
      // The session has ended locally either way; a later close() asks the store again.
      this.#closing = undefined;
      throw error;
    });
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Marks the session expired for good (unless it already ended): stops the heartbeat and aborts the signal. */
  markExpired(): void {
    if (this.#end('expired', new SessionExpiredError(this.id))) {
      this.#context.events.emit('sessionExpired', { sessionId: this.id, component: this.component });
    }
  }

  /**
   * Ends the session because it may hold work that nothing will ever end: a claim whose outcome
   * is unknown (it may have committed while its reply was lost), or a cancel that failed. A
   * heartbeated session keeps such work held forever, so the heartbeat stops now (the signal
   * aborts with a SessionExpiredError whose cause is `cause`; later calls reject with
   * SessionExpiredError, finish/fail of its work with WorkLostError) and the store is asked to close
   * the session in the background, releasing all its work with Canceled events. If that fails
   * too, the work is released (Expired) once the session's deadline passes, since nothing
   * extends it any more. Either way no work stays stranded behind this session.
   */
  retire(cause: TagoutError): void {
    if (!this.#end('expired', new SessionExpiredError(this.id, { cause }))) return;
    this.close().catch((error: unknown) => this.#context.report(error));
  }

  /**
   * What a claim (single or batched) that failed in the store rejects with. Its outcome is
   * unknown: it may have committed while its reply was lost, and then this session holds work
   * nobody knows of, so the session is retired to release it. Unless the session was closed
   * meanwhile (`close()`, `engine.close()` ending the store under the claim): the close released
   * whatever the claim took, and the caller learns that it closed.
   */
  #claimFailure(error: unknown): unknown {
    if (!(error instanceof StoreError)) return error;
    if (this.#ended === 'closed') return this.#endedError();
    this.retire(error);
    return error;
  }

  /** Ends the session locally, the first time only: stops the heartbeat, aborts the signal. */
  #end(how: 'expired' | 'closed', reason: Error): boolean {
    if (this.#ended !== undefined) return false;
    this.#ended = how;
    this.#stopTimer();
    this.#controller.abort(reason);
    return true;
  }

  /** What a call on the ended session rejects with: how it ended first. */
  #endedError(): ClosedError | SessionExpiredError {
    return this.#ended === 'closed'
      ? new ClosedError(`session ${this.id}`)
      : new SessionExpiredError(this.id);
  }

  async #close(): Promise<void> {
    this.#end('closed', new ClosedError(`session ${this.id}`));
    this.#onEnd(this);
    await this.#context.call('closeSession', () =>
      this.#context.store.closeSession({ sessionId: this.id, ...this.#context.at() }),
    );
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => void this.#beat(), delayMs);
    this.#timer.unref();
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#watchdog !== undefined) clearTimeout(this.#watchdog);
    this.#timer = undefined;
    this.#watchdog = undefined;
  }

  /** Expires the session locally if no heartbeat gets through before the local deadline. */
  #armWatchdog(): void {
    if (this.#watchdog !== undefined) clearTimeout(this.#watchdog);
    const left = Math.max(0, this.#localDeadline - performance.now());
    this.#watchdog = setTimeout(() => this.markExpired(), left);
    this.#watchdog.unref();
  }

  /** One background heartbeat: on failure retry sooner, and give up once the deadline has passed locally. */
  async #beat(): Promise<void> {
    if (this.#ended !== undefined) return;
    try {
      await this.heartbeat();
      if (this.#ended === undefined) this.#schedule(this.#intervalMs / 2);
    } catch (error) {
      if (this.#ended !== undefined) return;
      this.#context.report(error);
      const left = this.#localDeadline - performance.now();
      if (left > 0) this.#schedule(Math.min(left, Math.max(this.#intervalMs / 10, 50)));
    }
  }
}

function compileTarget(
  target: unknown,
): { machineId: string } | { filter: ReturnType<typeof compileFilter> } {
  const checked = checkOptions<{ machineId: unknown; where: unknown }>('target', target, [
    'machineId',
    'where',
  ]);
  const keys = Object.keys(checked);
  if (keys.length !== 1)
    throw new ValidationError('target', 'must be exactly one of { machineId } or { where }');
  if (keys[0] === 'machineId') return { machineId: checkMachineId('machineId', checked.machineId) };
  return { filter: compileFilter(checked.where) };
}
