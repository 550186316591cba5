import {
  AlreadyDoneError,
  type BackoffPolicy,
  type Session,
  StoreError,
  ValidationError,
  type Work,
  type WorkCommit,
  WorkLostError,
} from '@tagout/core';
import { RetryDelay, wait } from './delays.js';
import { failureOf, type HandlerFailure, unstorableCause } from './failure-cause.js';
import { HandlerSignal } from './handler-signal.js';
import type { WorkHandler } from './worker-options.js';
import type { WorkerCounters } from './worker-stats.js';

/** What a task needs from its worker: one object, shared by all the worker's tasks. */
export interface WorkTaskContext {
  handle: WorkHandler;
  /** The worker's policy for failures. */
  backoff: BackoffPolicy | undefined;
  storeRetry: { initialMs: number; maximumMs: number };
  /**
   * Finishes `work` of `session`: `work.finish(commit)`, or through the worker's batches
   * (`commitBatchMs`).
   */
  finish: (session: Session, work: Work, commit: WorkCommit) => Promise<void>;
  counters: WorkerCounters;
  report: (error: unknown) => void;
  /** Called once per task, when its handler has settled (before the work is finished or failed). */
  onHandlerSettled: () => void;
  /** Called once per task, when it has ended (just before its `settled` resolves). */
  onEnded: (task: WorkTask) => void;
}

/** The policies of a finish: none, so core's default should a refused commit turn it into a failure. */
const NO_POLICIES: readonly (BackoffPolicy | undefined)[] = [undefined];

type Outcome = { ok: true; commit: WorkCommit } | { ok: false; failure: HandlerFailure };

/**
 * One claimed work item: runs the handler, then finishes or fails the work. Store failures
 * while ending it are retried (bounded by the session's life: an expired session turns the
 * next attempt into WorkLostError). `settled` never rejects.
 */
export class WorkTask {
  readonly work: Work;
  /** Resolves when the work has ended (or the task was abandoned). */
  readonly settled: Promise<void>;
  readonly #context: WorkTaskContext;
  readonly #session: Session;
  /**
   * The handler's signal: aborted when the session ends while the handler runs, when the work
   * is lost, or when the task is abandoned. It stops following the session as soon as the
   * handler settles (AbortSignal.any would tie every task to the session): the finishes of a
   * batch can keep many more tasks than handlers alive.
   */
  readonly #abort: HandlerSignal;

  /** Set once the worker gave up on the task: nothing more is sent for it. */
  #abandoned = false;

  constructor(work: Work, session: Session, context: WorkTaskContext) {
    this.work = work;
    this.#context = context;
    this.#session = session;
    this.#abort = new HandlerSignal(session.signal);
    this.settled = this.#settle();
  }

  /** The handler's signal (see `HandlerContext.signal`). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /**
   * Gives up on the handler (the worker is stopping and its timeout passed): aborts the
   * handler's signal and cancels the work unless it already ended. Never rejects.
   */
  async abandon(reason: Error): Promise<void> {
    this.#abandoned = true;
    this.#abort.abort(reason);
    const wasDone = this.work.done;
    await this.work.cancel();
    if (!wasDone && this.work.done) this.#context.counters.canceled++;
  }

  /** Runs the task, then tells the worker it ended. Never rejects: what `#run` throws is reported. */
  async #settle(): Promise<void> {
    try {
      await this.#run();
    } catch (error) {
      this.#context.report(error);
    }
    this.#abort.stopListening();
    this.#context.onEnded(this);
  }

  async #run(): Promise<void> {
    let outcome: Outcome;
    try {
      const abort = this.#abort;
      // The signal is made only if the handler reads it (see HandlerSignal).
      const commit = await this.#context.handle(this.work, {
        get signal() {
          return abort.signal;
        },
      });
      outcome = { ok: true, commit: commit ?? {} };
    } catch (thrown) {
      outcome = { ok: false, failure: failureOf(thrown) };
    }
    this.#abort.stopListening();
    this.#context.onHandlerSettled();
    if (this.#abandoned) return;
    try {
      await this.#end(outcome);
    } catch (error) {
      this.#context.report(error);
      await this.work.cancel();
    }
  }

  /** Finishes or fails the work, retrying store failures; refusals become a fallback outcome. */
  async #end(first: Outcome): Promise<void> {
    const { counters, report, storeRetry } = this.#context;
    // Made at the first store failure: most ends never retry.
    let retry: RetryDelay | undefined;
    let outcome = first;
    let policies = this.#policies(outcome);
    let causeReplaced = false;
    for (;;) {
      try {
        if (outcome.ok) {
          await this.#context.finish(this.#session, this.work, outcome.commit);
          counters.finished++;
        } else {
          await this.work.fail(outcome.failure.cause, policies[0]);
          counters.failed++;
        }
        return;
      } catch (error) {
        if (error instanceof WorkLostError) {
          counters.lost++;
          this.#abort.abort(error);
          report(error);
          return;
        }
        if (error instanceof AlreadyDoneError) return;
        if (error instanceof StoreError) {
          counters.storeErrors++;
          report(error);
          // The session's end cuts the wait short too (the handler no longer listens to it).
          retry ??= new RetryDelay(storeRetry.initialMs, storeRetry.maximumMs);
          if (!(await wait(retry.next(), this.signal, this.#session.signal)) && this.#abandoned) return;
          continue;
        }
        if (!(error instanceof ValidationError)) throw error;
        report(error);
        if (outcome.ok) {
          // The handler returned a commit the engine refuses: fail the work, saying why.
          outcome = {
            ok: false,
            failure: failureOf(new Error(`handler returned a bad commit: ${error.message}`)),
          };
          policies = this.#policies(outcome);
        } else if (error.field !== 'cause' && policies.length > 1) {
          // A policy core refuses: fall back to the next one (the worker's, then core's default).
          policies = policies.slice(1);
        } else if (!causeReplaced) {
          // Still refused: fail with a fixed cause. Canceling instead would leave no backoff,
          // and the pair would be claimed again at once, forever.
          causeReplaced = true;
          outcome = { ok: false, failure: { ...outcome.failure, cause: unstorableCause(error) } };
        } else {
          throw error;
        }
      }
    }
  }

  /** The policies to try for a failure, most specific first, ending with core's default. */
  #policies(outcome: Outcome): readonly (BackoffPolicy | undefined)[] {
    if (outcome.ok) return NO_POLICIES;
    const candidates = [outcome.failure.policy, this.#context.backoff].filter((p) => p !== undefined);
    return [...candidates, undefined];
  }
}
