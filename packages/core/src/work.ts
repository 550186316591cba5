import { computeBackoff } from './backoff.js';
import type { EngineContext } from './context.js';
import { AlreadyDoneError, ClosedError, StoreError, type TagoutError, WorkLostError } from './errors.js';
import type { WorkEventBase } from './events.js';
import type { BatchableWork, FinishSend } from './finish-many.js';
import type { ClaimedWork, FinishWrite, LostResult, TagWrites, WorkRef } from './store.js';
import { failedBackoff } from './store-results.js';
import type { TagName, TagTypes, TagValues, UntypedTags } from './tag-types.js';
import type { Backoff, BackoffPolicy, Machine } from './types.js';
import { checkCause, checkCommit, checkPolicy } from './validate.js';

/**
 * What a successful finish writes to the machine, in the same atomic step. `Inputs` types the
 * tags on an engine with typed tags (declared names only, values of their schema's input type).
 */
export interface WorkCommit<Inputs extends TagTypes = UntypedTags> {
  /** Tags to set (upsert); on an engine with tag schemas, validated first (see `openEngine`). */
  setTags?: TagValues<Inputs>;
  /** Tags to delete, after the sets. */
  deleteTags?: readonly TagName<Inputs>[];
}

/**
 * A claimed (machine, process) pair. End it with exactly one of finish, fail or cancel.
 * `Tags`/`Inputs` are the engine's tag types (see `Engine`).
 */
export interface Work<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags> {
  /** The machine as it was when claimed. */
  readonly machine: Machine<Tags>;
  readonly process: string;
  /** Fencing token: strictly increasing per store; the store checks it on every write. */
  readonly token: number;
  /** When the work started (ms since epoch, store clock). */
  readonly startedAt: number;
  /** The session holding the work. */
  readonly sessionId: string;
  /** Whether finish, fail or cancel already ran (or the work was lost). */
  readonly done: boolean;
  /**
   * Ends the work successfully: clears the pair's backoff, appends Finished and applies
   * `commit`, all or nothing.
   * @throws WorkLostError if the session expired or the pair was taken over (nothing applied).
   * @throws ClosedError if the session was closed (`session.close()`, `engine.close()`) before
   * it was found expired: closing released the work, nothing was applied.
   * @throws AlreadyDoneError if the work already ended.
   * @throws ValidationError for a bad commit: anything but undefined or a plain object with
   * only `setTags` and `deleteTags` (`'ok'`, `{ Done: true }`), or bad tags in it (a value its
   * tag's schema refuses included). The work stays held: finish, fail or cancel it again.
   */
  finish(commit?: WorkCommit<Inputs>): Promise<void>;
  /**
   * Ends the work as failed: appends Failed and puts the pair into backoff, the interval
   * computed from `policy` and the pair's last interval.
   * @throws WorkLostError, ClosedError (as finish), AlreadyDoneError, ValidationError (empty or oversized cause, bad policy).
   */
  fail(cause: unknown, policy?: BackoffPolicy): Promise<Backoff>;
  /**
   * Releases the work (Canceled), leaving any backoff as it is. A no-op when already done;
   * never rejects: a storage failure is reported through the engine's `onError`.
   */
  cancel(): Promise<void>;
  /** Cancels unless done, so `await using work = ...` always releases the pair. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** The session-facing side of a work item's owner. Internal. */
export interface WorkOwner {
  readonly id: string;
  /** Ended: found expired, or closed. */
  readonly expired: boolean;
  /** Ended by close() before any call found it expired. */
  readonly closed: boolean;
  markExpired(): void;
  /** Ends the session because it may hold work nothing will end (see `LiveSession.retire`). */
  retire(cause: TagoutError): void;
}

type State = 'held' | 'busy' | 'done';

/** Internal implementation of {@link Work}. */
export class WorkItem implements Work, BatchableWork {
  readonly machine: Machine;
  readonly process: string;
  readonly token: number;
  readonly startedAt: number;
  readonly #lastIntervalMs: number | null;
  readonly #context: EngineContext;
  readonly #owner: WorkOwner;
  /** Local monotonic time of the claim, for durations in events. */
  readonly #claimedAt = performance.now();
  #state: State = 'held';

  constructor(context: EngineContext, owner: WorkOwner, process: string, claimed: ClaimedWork) {
    this.#context = context;
    this.#owner = owner;
    this.process = process;
    this.machine = claimed.machine;
    this.token = claimed.token;
    this.startedAt = claimed.startedAt;
    this.#lastIntervalMs = claimed.lastIntervalMs;
  }

  get sessionId(): string {
    return this.#owner.id;
  }

  get done(): boolean {
    return this.#state === 'done';
  }

  finish(commit?: WorkCommit): Promise<void> {
    const context = this.#context;
    return this.finishWith(commit, (write) =>
      context.call('finish', () => context.store.finish({ ...write, ...context.at() })),
    );
  }

  /**
   * `finish(commit)`, with `send` making the store call (the store's `finish`, or an entry of a
   * batch of `session.finishMany`). Internal.
   */
  async finishWith(commit: unknown, send: FinishSend): Promise<void> {
    const { setTags, deleteTags } = checkCommit(commit, this.#context.checkTags);
    await this.#end(
      setTags,
      (tags) => send(this.#finishWrite(tags, deleteTags)),
      () => this.#announceFinished(),
    );
  }

  /** Whether `owner` (a session) holds this work item. Internal. */
  heldBy(owner: WorkOwner): boolean {
    return this.#owner === owner;
  }

  async fail(cause: unknown, policy?: BackoffPolicy): Promise<Backoff> {
    const text = checkCause(cause);
    const checked = checkPolicy(policy);
    const next = computeBackoff(checked, this.#lastIntervalMs);
    const result = await this.#end(
      undefined,
      () =>
        this.#context.call('fail', () => this.#context.store.fail({ ...this.#ref(), cause: text, ...next })),
      ({ until }) =>
        this.#context.events.emitWith('failed', () => ({
          ...this.#eventBase(),
          durationMs: this.#duration(),
          cause: text,
          until,
        })),
    );
    return failedBackoff({ machineId: this.machine.id, process: this.process }, text, next, result.until);
  }

  async cancel(): Promise<void> {
    if (this.#state !== 'held') return;
    this.#state = 'busy';
    try {
      const result = await this.#context.call('cancel', () => this.#context.store.cancel(this.#ref()));
      this.#state = 'done';
      if (!result.ok) return;
      if (result.event === 'Expired') this.#context.events.emit('expired', this.#eventBase());
      else
        this.#context.events.emitWith('canceled', () => ({
          ...this.#eventBase(),
          durationMs: this.#duration(),
        }));
    } catch (error) {
      this.#state = 'held';
      this.#context.report(error);
      // The pair may still be held, and the caller moves on: retire the session so the pair is released.
      if (error instanceof StoreError) this.#owner.retire(error);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.cancel();
  }

  #eventBase(): WorkEventBase {
    return {
      machineId: this.machine.id,
      process: this.process,
      sessionId: this.#owner.id,
      token: this.token,
    };
  }

  #announceFinished(): void {
    const { events } = this.#context;
    if (events.has('finished'))
      events.emit('finished', { ...this.#eventBase(), durationMs: this.#duration() });
  }

  /** What a finish writes, as the store takes it (`now` aside: one per store call). */
  #finishWrite(setTags: TagWrites, deleteTags: readonly string[]): FinishWrite {
    return {
      sessionId: this.#owner.id,
      machineId: this.machine.id,
      process: this.process,
      token: this.token,
      setTags,
      deleteTags,
    };
  }

  #duration(): number {
    return performance.now() - this.#claimedAt;
  }

  #lost(reason: 'session-expired' | 'taken-over', why: string): WorkLostError {
    this.#context.events.emitWith('lost', () => ({ ...this.#eventBase(), reason }));
    return new WorkLostError(this.machine.id, this.process, why);
  }

  /** Why the work cannot end now that its session has: closed (ClosedError) or expired (WorkLostError). */
  #sessionEnded(): ClosedError | WorkLostError {
    if (!this.#owner.closed) return this.#lost('session-expired', 'its session expired');
    return new ClosedError(
      `session ${this.#owner.id}`,
      `its ${this.process} work on machine ${this.machine.id} was released when it closed; nothing was applied`,
    );
  }

  #ref(): WorkRef {
    return {
      sessionId: this.#owner.id,
      machineId: this.machine.id,
      process: this.process,
      token: this.token,
      ...this.#context.at(),
    };
  }

  /**
   * Runs finish or fail: the one-shot state machine and the mapping of lost outcomes. `run` makes
   * the store call (through `context.call`, or a batch that does, so a failure is a StoreError). An `input`
   * still being checked (a finish's tags, validated by their schemas) is awaited once the work is
   * busy, as if the call were in flight; if it rejects, the work is held again and nothing was sent.
   * `ended` announces success as the outcome arrives, as a lost outcome is, so the events of a
   * batch's finishes come in input order whatever their outcomes.
   */
  async #end<T extends { ok: true }, Input>(
    input: Input | Promise<Input>,
    run: (input: Input) => Promise<T | LostResult>,
    ended: (result: T) => void,
  ): Promise<T> {
    if (this.#state !== 'held') throw new AlreadyDoneError(this.machine.id, this.process);
    if (this.#owner.expired) {
      this.#state = 'done';
      throw this.#sessionEnded();
    }
    this.#state = 'busy';
    let result: T | LostResult;
    try {
      const checked = input instanceof Promise ? await input : input;
      result = await run(checked);
    } catch (error) {
      this.#state = 'held';
      throw error;
    }
    this.#state = 'done';
    if (result.ok) {
      ended(result);
      return result;
    }
    if (result.reason === 'session-expired') this.#owner.markExpired();
    // Closed while the call was in flight: closing released the work, whatever the store saw first.
    if (result.reason === 'session-expired' || this.#owner.closed) throw this.#sessionEnded();
    throw this.#lost('taken-over', 'the pair was taken over or already ended');
  }
}
