import type { ConnectionNotice } from '@tagout/core';
import type { Cluster, Redis } from 'ioredis';

/**
 * Listens to a client's connection events for a store: handles `error` (so ioredis never prints
 * `[ioredis] Unhandled error event` for each reconnect attempt), keeps the last connection error
 * (what a failed connect really was), reports each outage once and its end once, and lets
 * operations wait for the connection to be ready.
 */
export class ConnectionWatch {
  readonly #client: Redis | Cluster;
  #notify: ((notice: ConnectionNotice) => void) | undefined;
  #attached = false;
  #reporting = false;
  #down = false;
  #lastError: unknown;
  readonly #waiters = new Set<() => void>();

  constructor(client: Redis | Cluster) {
    this.#client = client;
  }

  /** The last connection error the client emitted, if any. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Where outages and their ends go (see `Store.watchConnection`). */
  set notify(notify: (notice: ConnectionNotice) => void) {
    this.#notify = notify;
  }

  /** Starts listening (idempotent). */
  attach(): void {
    if (this.#attached) return;
    this.#attached = true;
    this.#client.on('error', this.#onError);
    this.#client.on('ready', this.#onReady);
    this.#client.on('end', this.#wake);
  }

  /** Stops listening and reporting (a client the store was handed lives on without it). */
  detach(): void {
    this.#reporting = false;
    if (!this.#attached) return;
    this.#attached = false;
    this.#client.off('error', this.#onError);
    this.#client.off('ready', this.#onReady);
    this.#client.off('end', this.#wake);
    this.#wake();
  }

  /** Reports outages from now on (once the store is open). */
  startReporting(): void {
    this.#reporting = true;
  }

  /**
   * Resolves when the client is ready; rejects when it ends, or after `timeoutMs` with the last
   * connection error as the cause.
   */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#client.status !== 'ready') {
      if (this.#client.status === 'end') throw new Error('Connection is closed.');
      const left = deadline - Date.now();
      if (left <= 0 || !(await this.#nextChange(left))) {
        throw new Error(`Redis connection not ready within ${timeoutMs} ms`, { cause: this.#lastError });
      }
    }
  }

  /** Waits for the next ready or end event: true, or false after `ms`. */
  #nextChange(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        resolve(false);
      }, ms);
      this.#waiters.add(wake);
    });
  }

  readonly #wake = (): void => {
    for (const wake of [...this.#waiters]) wake();
  };

  readonly #onError = (error: unknown): void => {
    this.#lastError = error;
    if (!this.#reporting || this.#down) return;
    this.#down = true;
    this.#notify?.({ state: 'lost', error });
  };

  readonly #onReady = (): void => {
    this.#wake();
    if (!this.#down) return;
    this.#down = false;
    if (this.#reporting) this.#notify?.({ state: 'restored' });
  };
}
