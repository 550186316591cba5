import type { EngineContext } from './context.js';
import { ClosedError } from './errors.js';
import type { Store, StoreSubscription } from './store.js';
import { type NothingRecord, WakeLedger } from './wake-ledger.js';
import type { CheckedWait, WakeReason, WakeUp } from './wake-up.js';

/** A pending `waitForWork`. */
interface Waiter {
  /** Its process and every process exclusive with it: a signal naming one of them wakes it. */
  readonly relevant: readonly string[];
  /** When the backoff it waits for ends (engine time), if any. */
  readonly deadline: number | undefined;
  end(reason: WakeReason): void;
  fail(error: Error): void;
}

/**
 * An engine's wake-ups: one store subscription for the whole engine, taken at its first wait
 * (an engine that never waits never subscribes) and ended by `close()`, and the waits of
 * `engine.waitForWork`. Internal.
 *
 * A wait looks back to the start of the last claim by filter of its process that found nothing
 * (unless a wait already returned since): a signal heard after that start ends it at once, so a
 * change committed between a claim and the wait that follows it is never missed. Signals from
 * before the subscription began are unknown: its start counts as a signal naming no process.
 *
 * Engine time, for backoff ends: the injected clock's (`openEngine({ clock })`), else
 * `performance.now()`. A `retryInMs` from a claim becomes the deadline `claim's now + retryInMs`
 * (for the store's clock: the local time the answer arrived). A clock with `onMove`
 * (`manualClock`) ends the waits whose deadline it reached when it moves; otherwise a timer does.
 */
export class WakeHub {
  readonly #context: EngineContext;
  readonly #ledger = new WakeLedger();
  readonly #waiters = new Set<Waiter>();
  /** The store subscription: undefined until the first wait (and again after it failed). */
  #subscription: Promise<StoreSubscription | undefined> | undefined;
  #stopClock: (() => void) | undefined;
  #closed = false;

  constructor(context: EngineContext) {
    this.#context = context;
  }

  /** What a claim by filter records as it begins, to hand to {@link foundNothing}. */
  claimStarted(): number {
    return this.#ledger.version;
  }

  /**
   * A claim of `process` that began at `mark` found nothing. `retryInMs`: the store's hint
   * ({@link NothingEligible}); `claimNow`: the `now` the claim was given (injected clock only).
   */
  foundNothing(
    process: string,
    mark: number,
    retryInMs: number | undefined,
    claimNow: number | undefined,
  ): void {
    const usable = typeof retryInMs === 'number' && Number.isFinite(retryInMs) && retryInMs >= 0;
    const deadline = usable ? (claimNow ?? this.#now()) + retryInMs : undefined;
    this.#ledger.foundNothing(process, mark, deadline);
  }

  /**
   * Waits until work of `process` may be eligible (see `engine.waitForWork`).
   * @throws ClosedError (rejects) after `close()`, or when `close()` runs meanwhile.
   */
  wait(process: string, options: CheckedWait): Promise<WakeUp> {
    if (this.#closed) return Promise.reject(new ClosedError('engine'));
    this.#start();
    const startedAt = performance.now();
    const record = this.#ledger.lastNothing(process);
    const relevant = this.#context.blockersOf(process);
    const ended = (reason: WakeReason): WakeUp => {
      this.#ledger.answered(process, record);
      const waitedMs = performance.now() - startedAt;
      this.#context.events.emitWith('woke', () => ({ process, reason, waitedMs }));
      return { reason };
    };
    const due = this.#due(record, relevant, options);
    if (due !== undefined) return Promise.resolve(ended(due));
    return new Promise<WakeUp>((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      const onAbort = () => waiter.end('aborted');
      const settle = (): boolean => {
        if (!this.#waiters.delete(waiter)) return false;
        for (const timer of timers) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const waiter: Waiter = {
        relevant,
        deadline: record?.deadline,
        end: (reason) => {
          if (settle()) resolve(ended(reason));
        },
        fail: (error) => {
          if (settle()) reject(error);
        },
      };
      this.#waiters.add(waiter);
      timers.push(setTimeout(() => waiter.end('timeout'), options.timeoutMs));
      const left = waiter.deadline === undefined ? undefined : waiter.deadline - this.#now();
      if (left !== undefined && left < options.timeoutMs && this.#context.clock?.onMove === undefined) {
        // +1 ms: a timer may fire a fraction of a millisecond early against the store's clock.
        timers.push(setTimeout(() => waiter.end('backoff-ended'), Math.ceil(left) + 1));
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends every wait (ClosedError) and the store subscription. Idempotent; never rejects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopClock?.();
    for (const waiter of [...this.#waiters]) waiter.fail(new ClosedError('engine'));
    const subscription = await this.#subscription;
    this.#subscription = undefined;
    if (subscription === undefined) return;
    try {
      await this.#context.call('subscription.close', () => subscription.close());
    } catch (error) {
      this.#context.report(error);
    }
  }

  /** Why a wait would end at once, or undefined when it has to wait. */
  #due(record: NothingRecord | undefined, relevant: readonly string[], options: CheckedWait) {
    if (options.signal?.aborted) return 'aborted';
    if (this.#ledger.changedSince(record?.mark ?? this.#ledger.version, relevant)) return 'change';
    if (record?.deadline !== undefined && this.#now() >= record.deadline) return 'backoff-ended';
    if (options.timeoutMs === 0) return 'timeout';
    return undefined;
  }

  /** Starts listening to the clock and the store, the first time only (again after a failed subscribe). */
  #start(): void {
    const clock = this.#context.clock;
    if (this.#stopClock === undefined && clock?.onMove !== undefined) {
      this.#stopClock = clock.onMove(() => this.#clockMoved());
    }
    const store = this.#context.store;
    if (this.#subscription === undefined && typeof store.subscribe === 'function') {
      this.#subscription = this.#subscribe(store);
    }
  }

  async #subscribe(store: Store): Promise<StoreSubscription | undefined> {
    try {
      const subscription = await this.#context.call('subscribe', async () =>
        store.subscribe?.((processes) => this.#heard(processes)),
      );
      // Whatever was committed before the store listened was not heard.
      this.#heard(null);
      return subscription;
    } catch (error) {
      this.#context.report(error);
      this.#subscription = undefined;
      return undefined;
    }
  }

  /** A store signal: ends the waits it may concern. Never throws (the store calls it). */
  #heard(processes: readonly string[] | null): void {
    if (this.#closed) return;
    const named = Array.isArray(processes) ? processes.filter((p) => typeof p === 'string') : null;
    this.#ledger.heard(named);
    for (const waiter of [...this.#waiters]) {
      if (named === null || named.some((process) => waiter.relevant.includes(process))) waiter.end('change');
    }
  }

  #clockMoved(): void {
    const now = this.#now();
    for (const waiter of [...this.#waiters]) {
      if (waiter.deadline !== undefined && now >= waiter.deadline) waiter.end('backoff-ended');
    }
  }

  /** Engine time: the injected clock, else the local monotonic clock. */
  #now(): number {
    return this.#context.clock?.now() ?? performance.now();
  }
}
