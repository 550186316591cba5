import { encodeSignal } from './notify-channel.js';
import type { PoolLike } from './pool.js';
import { statementName } from './statement-name.js';

const NOTIFY = 'select pg_notify($1::text, $2::text)';

/** The least time between two signal statements of a store (see {@link SignalSender}). */
export const SIGNAL_GAP_MS = 5;

/**
 * Sends a store's signals (`pg_notify` on its channel) after the transitions that raise them have
 * committed, as statements of their own, coalesced: at most one is in flight, and every signal
 * raised meanwhile goes out in the next one (process names merged, "anything" absorbing the rest).
 *
 * Why not inside each transition's transaction: a transaction that notifies holds a database-wide
 * lock from its commit's queue write until the commit is flushed, so notifying transactions commit
 * one at a time and lose group commit. Measured with `pnpm bench:pg` (8 workers, claim + finish),
 * a notify inside every finish took the store from 0.56 of its floor to 0.33; a statement of its
 * own writes no WAL, holds that lock for the queue write only, and under load one carries the
 * signals of many transitions. The price: a signal raised just before this process dies, or whose
 * statement fails, is lost, and claimers waiting for it wake on their safety poll instead.
 *
 * Statements go at least `gapMs` apart: a signal raised when none went out for `gapMs` goes at
 * once; under load, what is raised meanwhile waits for the end of the gap and goes in one
 * statement. Each statement is a round trip for the store's connection and a message every
 * listening engine reads: a busy store (a drain of 8 unbatched workers) sent one for every two
 * finishes, which cost more than the finishes' own statements saved (see docs/performance.md).
 */
export class SignalSender {
  readonly #pool: PoolLike;
  readonly #channel: string;
  readonly #timeoutMs: number;
  readonly #gapMs: number;
  /** When the last statement went out (`performance.now()`), or -Infinity. */
  #sentAt = Number.NEGATIVE_INFINITY;
  /** Process names raised since the last statement went out; null once "anything" was raised. */
  #pending: Set<string> | null = new Set();
  #raised = false;
  #inFlight: Promise<void> | undefined;

  constructor(pool: PoolLike, channel: string, timeoutMs: number, gapMs = SIGNAL_GAP_MS) {
    this.#pool = pool;
    this.#channel = channel;
    this.#timeoutMs = timeoutMs;
    this.#gapMs = gapMs;
  }

  /** Raises a signal for `processes` (null: anything); sent soon, merged with others. */
  raise(processes: Iterable<string> | null): void {
    if (processes === null) this.#pending = null;
    else if (this.#pending !== null) for (const name of processes) this.#pending.add(name);
    this.#raised = true;
    this.#inFlight ??= this.#drain();
  }

  /** Resolves once every raised signal has been sent (or failed). */
  async idle(): Promise<void> {
    while (this.#inFlight !== undefined) await this.#inFlight;
  }

  async #drain(): Promise<void> {
    while (this.#raised) {
      const early = this.#sentAt + this.#gapMs - performance.now();
      if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
      this.#sentAt = performance.now();
      const payload = encodeSignal(this.#pending);
      this.#pending = new Set();
      this.#raised = false;
      try {
        await this.#pool.query({
          name: statementName(NOTIFY),
          text: NOTIFY,
          values: [this.#channel, payload],
          query_timeout: this.#timeoutMs,
        });
      } catch {
        // Lost: claimers that waited for it wake on their safety poll (see the class comment).
      }
    }
    this.#inFlight = undefined;
  }
}
