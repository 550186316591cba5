/**
 * The reconnect loop of a store subscription (`Store.subscribe`), written once for every store
 * that listens on a connection of its own (Postgres `LISTEN`, Redis `SSUBSCRIBE`): listen; when
 * the connection breaks, listen again after a capped backoff, as long as it takes; once
 * listening again, tell the listener `null` (whatever was signalled meanwhile is lost).
 */
import type { EligibilityListener, StoreSubscription } from './store.js';

/** One listening connection a store opened (see {@link KeepListeningOptions.listen}). */
export interface ListeningConnection {
  /** Stops listening and ends or releases the connection. Idempotent; never rejects. */
  close(): Promise<void>;
}

/** What a store's listening connection reports to {@link keepListening}. */
export interface ListeningEvents {
  /** A signal arrived: processes, or `null` for "anything" (see `EligibilityListener`). */
  signal(processes: readonly string[] | null): void;
  /** The connection broke (calls after the first are ignored). */
  dropped(error: unknown): void;
}

/** Options of {@link keepListening}. */
export interface KeepListeningOptions {
  /**
   * Opens a connection and starts listening on it; resolves once listening. Reports signals and
   * the connection's end through `events`. Rejects (having released what it opened) when it
   * cannot listen.
   */
  listen(events: ListeningEvents): Promise<ListeningConnection>;
  /** Delay before the n-th attempt in a row (from 1) to listen again. Default {@link relistenDelayMs}. */
  delayMs?: (attempt: number) => number;
}

/** Longest wait between two attempts to listen again. */
export const RELISTEN_MAX_DELAY_MS = 2000;

/**
 * The default delay before the n-th attempt in a row to listen again: 50 ms doubling per attempt,
 * capped at {@link RELISTEN_MAX_DELAY_MS}, times a random factor in [0.5, 1) so that the engines of
 * a fleet do not all reconnect in the same instant after a server restart.
 */
export function relistenDelayMs(attempt: number): number {
  const capped = Math.min(RELISTEN_MAX_DELAY_MS, 50 * 2 ** Math.min(attempt - 1, 16));
  return capped * (0.5 + Math.random() / 2);
}

/**
 * Listens through `options.listen` and keeps listening until the subscription is closed: when the
 * connection breaks it opens a new one after {@link KeepListeningOptions.delayMs} (again and
 * again while that fails), and once listening again calls `listener(null)` once. Signals reach
 * `listener` until `close()`; a listener that throws is ignored (a signal is only a hint).
 * `close()` stops retrying and resolves once every connection it opened is closed.
 * @throws whatever the first `listen` rejects with (nothing is left open then).
 */
export async function keepListening(
  listener: EligibilityListener,
  options: KeepListeningOptions,
): Promise<StoreSubscription> {
  const subscription = new Listening(listener, options);
  await subscription.listenOnce();
  return subscription;
}

class Listening implements StoreSubscription {
  readonly #listener: EligibilityListener;
  readonly #options: KeepListeningOptions;
  #closed = false;
  #connection: ListeningConnection | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #attempts = 0;
  /** The attempt in flight (it closes its own connection when the subscription closed meanwhile). */
  #attempt: Promise<void> = Promise.resolve();
  /** Connections being closed after they broke. */
  readonly #closing = new Set<Promise<void>>();

  constructor(listener: EligibilityListener, options: KeepListeningOptions) {
    this.#listener = listener;
    this.#options = options;
  }

  /** Opens one connection; it becomes the current one unless it broke already or we closed. */
  async listenOnce(): Promise<void> {
    let connection: ListeningConnection | undefined;
    let dropped = false;
    const opened = await this.#options.listen({
      signal: (processes) => {
        if (!this.#closed) this.#tell(processes);
      },
      dropped: () => {
        if (dropped) return;
        dropped = true;
        if (connection !== undefined) this.#lost(connection);
      },
    });
    if (this.#closed) {
      await opened.close();
      return;
    }
    connection = opened;
    this.#connection = opened;
    if (dropped) this.#lost(opened);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#attempt;
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.close();
    await Promise.all(this.#closing);
  }

  #tell(processes: readonly string[] | null): void {
    try {
      this.#listener(processes);
    } catch {
      // The listener's own failure: a signal is a hint, and the next one (or a poll) follows.
    }
  }

  /** The current connection broke: close it, and listen again after a while. */
  #lost(connection: ListeningConnection): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    const closing = connection.close().finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#attempts++;
    const delay = (this.#options.delayMs ?? relistenDelayMs)(this.#attempts);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#attempt = this.listenOnce().then(
        () => {
          if (this.#connection === undefined || this.#closed) return;
          this.#attempts = 0;
          // Signals sent while nobody listened are lost: say "anything".
          this.#tell(null);
        },
        () => this.#schedule(),
      );
    }, delay);
  }
}
