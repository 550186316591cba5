import { setMaxListeners } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  ClosedError,
  type Engine,
  LIMITS,
  type Session,
  SessionExpiredError,
  StoreError,
  type TagTypes,
  type UntypedTags,
  type Work,
} from '@tagout/core';
import { claimPlan } from './claim-plan.js';
import { jittered, RetryDelay, wait } from './delays.js';
import { FinishBatcher } from './finish-batcher.js';
import { SessionKeeper } from './session-keeper.js';
import { TokenBucket } from './token-bucket.js';
import { WorkTask, type WorkTaskContext } from './work-task.js';
import { type ResolvedWorkerOptions, resolveWorkerOptions, type WorkerOptions } from './worker-options.js';
import { type WorkerCounters, type WorkerStats, zeroCounters } from './worker-stats.js';

/** A running worker: see {@link runWorker}. */
export interface Worker {
  /**
   * Stops claiming, waits for running handlers (at most `stopTimeoutMs`, then aborts their
   * signals and cancels their work), and closes the session. Idempotent; resolves as `done`.
   */
  stop(): Promise<void>;
  /** The counters since the worker started. */
  stats(): WorkerStats;
  /** Settles once the worker has fully stopped (after `stop()` or the `signal` aborting). */
  readonly done: Promise<void>;
  /**
   * Resolves at the next claim begun after this call that finds nothing eligible while no
   * handler is running (so the fleet is quiet until time moves, as judged at that claim).
   * Tests wait on it instead of sleeping.
   * @throws ClosedError (rejects) if the worker stops first.
   */
  idle(): Promise<void>;
}

/**
 * Runs `options.handle` on claimed work in a control loop, until stopped: keeps up to
 * `concurrency` handlers in flight, claims by `where` as many as it has free slots in one
 * batched claim (`session.workMany`; a slot frees when its handler settles, so the next claim
 * runs while that work is being finished or failed, and at most 2 × `concurrency` works are held
 * at a time, plus `prefetch` claimed ahead and waiting for a slot), waits for the engine's wake-up (`engine.waitForWork`,
 * at most `idleDelayMs`) when nothing is eligible, limits claims to `claimsPerSecond`,
 * replaces an expired session, and retries
 * store failures with capped exponential delays (reported through `onError` and stats).
 * A resolved handler finishes the work with its commit (finishes that come while one is on its
 * way, or within `commitBatchMs`, go together in one `session.finishMany`); a thrown one fails it.
 *
 * @throws ValidationError (synchronously) for bad options.
 * @example
 * const worker = runWorker(engine, {
 *   component: 'provisioner', process: 'AgentStart', where: { lacks: 'AgentStarted' },
 *   handle: async (work) => ({ setTags: { AgentStarted: { at: Date.now() } } }),
 * });
 */
export function runWorker<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags>(
  engine: Engine<Tags, Inputs>,
  options: WorkerOptions<Tags, Inputs>,
): Worker {
  // Tag types are types only: the loop hands this handler the work it claims from this engine.
  const untyped = engine as unknown as Engine;
  return new LoopWorker(untyped, resolveWorkerOptions(untyped, options as unknown as WorkerOptions));
}

/** Node's default bound on listeners of one event target, before it warns of a leak. */
const DEFAULT_MAX_LISTENERS = 10;

class LoopWorker implements Worker {
  readonly done: Promise<void>;
  readonly #engine: Engine;
  readonly #options: ResolvedWorkerOptions;
  readonly #counters: WorkerCounters = zeroCounters();
  readonly #sessions: SessionKeeper;
  readonly #bucket: TokenBucket | undefined;
  readonly #stopping = new AbortController();
  /** Every work the worker holds: its handler running, or its finish or fail under way. */
  readonly #tasks = new Set<WorkTask>();
  /** How many of those are still in their handler: the slots taken. */
  #handling = 0;
  /** Works claimed ahead (`prefetch`), in claim order, waiting for a free slot. */
  #waiting: { work: Work; session: Session }[] = [];
  /** Gathers finishes into batches: while one is on its way, or for `commitBatchMs`. */
  readonly #batcher: FinishBatcher;
  /** What every task of this worker is handed (see {@link WorkTask}). */
  readonly #taskContext: WorkTaskContext;
  #idleWaiters: { after: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Claims begun so far: an idle waiter is only answered by a claim begun after it asked. */
  #claimsBegun = 0;
  #wakeLoop: (() => void) | undefined;
  readonly #onAbort = () => this.#requestStop();

  constructor(engine: Engine, options: ResolvedWorkerOptions) {
    this.#engine = engine;
    this.#options = options;
    this.#sessions = new SessionKeeper(engine, {
      component: options.component,
      runtimeInfo: options.runtimeInfo,
      intervalMs: options.sessionIntervalMs,
      heartbeat: options.heartbeat,
      onStarted: (session) => {
        this.#counters.sessionsStarted++;
        // Every running handler's work listens to its session's signal (see WorkTask): up to
        // concurrency, and a work's store retries briefly after its handler settled.
        setMaxListeners(2 * options.concurrency + DEFAULT_MAX_LISTENERS, session.signal);
      },
      onError: (error) => this.#report(error),
    });
    this.#bucket =
      options.claimsPerSecond === undefined ? undefined : new TokenBucket(options.claimsPerSecond);
    // Once no handler runs, nothing could join the batch before the next claim comes back.
    this.#batcher = new FinishBatcher(options.commitBatchMs, () => this.#handling === 0);
    this.#taskContext = {
      handle: options.handle,
      backoff: options.backoff,
      storeRetry: options.storeRetry,
      finish: (session, work, commit) => this.#batcher.finish(session, work, commit),
      counters: this.#counters,
      report: (error) => this.#report(error),
      onHandlerSettled: () => {
        this.#handling--;
        this.#startWaiting();
        this.#wake();
      },
      onEnded: (task) => {
        this.#tasks.delete(task);
        this.#wake();
      },
    };
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (options.signal?.aborted) this.#requestStop();
    this.done = this.#main();
    // `done` is also reported through onError; a caller who never awaits it must not crash the process.
    this.done.catch(() => {});
  }

  stop(): Promise<void> {
    this.#requestStop();
    return this.done;
  }

  stats(): WorkerStats {
    return { inFlight: this.#tasks.size, waiting: this.#waiting.length, ...this.#counters };
  }

  idle(): Promise<void> {
    if (this.#stopping.signal.aborted) return Promise.reject(this.#closedError());
    const after = this.#claimsBegun;
    return new Promise((resolve, reject) => this.#idleWaiters.push({ after, resolve, reject }));
  }

  #requestStop(): void {
    this.#stopping.abort();
    this.#wake();
  }

  async #main(): Promise<void> {
    try {
      await this.#loop();
    } catch (error) {
      this.#report(error);
      throw error;
    } finally {
      await this.#shutdown();
    }
  }

  async #loop(): Promise<void> {
    const { process, where } = this.#options;
    const retry = new RetryDelay(this.#options.storeRetry.initialMs, this.#options.storeRetry.maximumMs);
    let expiredInARow = 0;
    while (!this.#stopping.signal.aborted) {
      if (!this.#claimPlan().claim) {
        await this.#slotOrStop();
        continue;
      }
      let session: Session;
      let works: Work[];
      let quiet: boolean;
      let claim: number;
      // One turn of the event loop per claim: on a store that answers synchronously (SQLite)
      // every promise below is already resolved, and timers (heartbeats, a SIGTERM handler's
      // stop, the caller's own) would otherwise never run while work stays eligible. While
      // handlers run or works wait, the claim goes first and the turn is taken while the store
      // works on it; otherwise the turn comes first, so the signals of the finishes just sent
      // arrive before the claim that will see them (and do not wake the worker after it).
      // Either way the answer is awaited last, so a wait after a claim that found nothing starts
      // in the turn of its answer (docs/semantics.md, "Wake-ups").
      const busy = this.#handling > 0 || this.#waiting.length > 0;
      if (!busy) {
        await nextTurn();
        if (this.#stopping.signal.aborted) break;
      }
      try {
        session = await this.#sessions.current();
        if (!(await this.#rateLimit())) break;
        quiet = this.#tasks.size === 0 && this.#waiting.length === 0;
        claim = ++this.#claimsBegun;
        const claiming = session.workMany(process, { where, limit: this.#claimPlan().limit });
        if (busy) {
          // Its failure is met at the await below; meanwhile it must not count as unhandled.
          claiming.catch(() => {});
          await nextTurn();
        }
        works = await claiming;
      } catch (error) {
        if (error instanceof ClosedError) {
          this.#report(error);
          break;
        }
        // A session found expired is replaced at once; a fresh one expiring again waits too.
        expiredInARow = error instanceof SessionExpiredError ? expiredInARow + 1 : 0;
        if (expiredInARow === 1) continue;
        if (error instanceof StoreError) this.#counters.storeErrors++;
        this.#report(error);
        await wait(retry.next(), this.#stopping.signal);
        continue;
      }
      retry.reset();
      expiredInARow = 0;
      this.#counters.claimed += works.length;
      if (works.length === 0) {
        const stillQuiet = quiet && this.#tasks.size === 0 && this.#waiting.length === 0;
        await this.#nothingEligible(stillQuiet ? claim : undefined);
      } else if (this.#stopping.signal.aborted) {
        // Stopped while claiming: release them rather than start handlers nobody waits for.
        await Promise.all(works.map((work) => this.#release(work)));
      } else {
        for (const work of works) this.#waiting.push({ work, session });
        this.#startWaiting();
      }
    }
  }

  /** Whether to claim now, and how many: see {@link claimPlan}. */
  #claimPlan(): { claim: boolean; limit: number } {
    return claimPlan({
      concurrency: this.#options.concurrency,
      prefetch: this.#options.prefetch,
      handling: this.#handling,
      tasks: this.#tasks.size,
      waiting: this.#waiting.length,
      oneAtATime: this.#bucket !== undefined,
    });
  }

  /**
   * Starts waiting works in claim order while a handler slot is free. A work whose session has
   * ended is lost (its pair is no longer held) and is dropped, counted as lost.
   */
  #startWaiting(): void {
    const { concurrency } = this.#options;
    while (this.#waiting.length > 0 && this.#handling < concurrency && !this.#stopping.signal.aborted) {
      const next = this.#waiting.shift() as { work: Work; session: Session };
      if (next.session.signal.aborted) {
        this.#counters.lost++;
        continue;
      }
      this.#start(next.work, next.session);
    }
  }

  /** Cancels claimed work no handler will run, counting it. */
  async #release(work: Work): Promise<void> {
    await work.cancel();
    if (work.done) this.#counters.canceled++;
  }

  /** Waits for the rate limiter; false if the worker stopped meanwhile. */
  async #rateLimit(): Promise<boolean> {
    const delay = this.#bucket?.reserve(performance.now()) ?? 0;
    return delay <= 0 || (await wait(delay, this.#stopping.signal));
  }

  /** Counts an idle poll; `quietClaim`: the number of the claim if no handler ran meanwhile. */
  async #nothingEligible(quietClaim: number | undefined): Promise<void> {
    this.#counters.idlePolls++;
    try {
      this.#options.onIdle?.();
    } catch (error) {
      this.#report(error);
    }
    if (quietClaim !== undefined) {
      const answered = this.#idleWaiters.filter((waiter) => waiter.after < quietClaim);
      this.#idleWaiters = this.#idleWaiters.filter((waiter) => waiter.after >= quietClaim);
      for (const waiter of answered) waiter.resolve();
    }
    await this.#waitForWork();
  }

  /**
   * Waits for the engine's wake-up: a store signal that may concern the process, the end of
   * the backoff the last claim reported, or the safety poll (`idleDelayMs`, ±20%); or the stop.
   */
  async #waitForWork(): Promise<void> {
    const timeoutMs = Math.min(jittered(this.#options.idleDelayMs), LIMITS.durationMs);
    try {
      await this.#engine.waitForWork(this.#options.process, { timeoutMs, signal: this.#stopping.signal });
    } catch (error) {
      // Closed: the next claim finds the engine closed and stops the loop. Anything else is
      // reported, and the worker sleeps the safety poll rather than spin.
      if (error instanceof ClosedError) return;
      this.#report(error);
      await wait(timeoutMs, this.#stopping.signal);
    }
  }

  #start(work: Work, session: Session): void {
    const task = new WorkTask(work, session, this.#taskContext);
    this.#handling++;
    this.#tasks.add(task);
  }

  /** Resolves when a handler settles, a work ends, or the worker stops. */
  #slotOrStop(): Promise<void> {
    if (this.#stopping.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wakeLoop = resolve;
    });
  }

  #wake(): void {
    const wake = this.#wakeLoop;
    this.#wakeLoop = undefined;
    wake?.();
  }

  /** Waits for running handlers (bounded by the stop timeout), cancels the rest, closes the session. */
  async #shutdown(): Promise<void> {
    this.#stopping.abort();
    this.#batcher.close();
    const waiting = this.#waiting;
    this.#waiting = [];
    await Promise.all(waiting.map(({ work }) => this.#release(work)));
    const running = [...this.#tasks];
    if (running.length > 0) {
      const allSettled = Promise.all(running.map((task) => task.settled)).then(() => true);
      const timeout = new AbortController();
      const inTime = await Promise.race([
        allSettled,
        wait(this.#options.stopTimeoutMs, timeout.signal).then(() => false),
      ]);
      timeout.abort();
      if (!inTime) {
        const reason = this.#closedError();
        await Promise.all([...this.#tasks].map((task) => task.abandon(reason)));
        this.#tasks.clear();
      }
    }
    await this.#sessions.close();
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const waiter of waiters) waiter.reject(this.#closedError());
  }

  #closedError(): ClosedError {
    return new ClosedError(`worker ${this.#options.component}/${this.#options.process}`);
  }

  #report(error: unknown): void {
    try {
      this.#options.onError(error);
    } catch {
      // A reporting hook must not break the loop.
    }
  }
}
