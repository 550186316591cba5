import type { EligibilityListener, StoreSubscription } from '@tagout/core';
import { joinChannel, publish } from './signal-channel.js';

/** How often a subscribed store reads `PRAGMA data_version` to hear other processes' commits. */
export const DATA_VERSION_POLL_MS = 50;

/**
 * The subscriptions of one store instance (`Store.subscribe`): listeners hear, coalesced in one
 * microtask after the commit, what any store instance of this process on the same database
 * publishes; and, while at least one listener is subscribed, `null` when `PRAGMA data_version`
 * of this store's connection changed, i.e. another connection (another process, or another
 * store instance of this one) committed. The poll timer is unref'd: it never keeps the process
 * alive; it stops with the last subscription and at `close()`.
 */
export class StoreSignals {
  readonly #key: string | symbol;
  readonly #readDataVersion: () => number;
  readonly #listeners = new Set<EligibilityListener>();
  /** Undefined: nothing to deliver; null: anything; else the processes named since the last delivery. */
  #pending: Set<string> | null | undefined;
  #leaveChannel: (() => void) | undefined;
  #poll: NodeJS.Timeout | undefined;
  #dataVersion = 0;

  /**
   * @param key the channel of the database (see `signal-channel.ts`).
   * @param readDataVersion reads `PRAGMA data_version` on this store's connection.
   */
  constructor(key: string | symbol, readDataVersion: () => number) {
    this.#key = key;
    this.#readDataVersion = readDataVersion;
  }

  /** Tells every subscriber of the database in this process, after the commit that just ran. */
  publish(processes: readonly string[] | null): void {
    publish(this.#key, processes);
  }

  /** Adds a listener (see `Store.subscribe`). */
  subscribe(listener: EligibilityListener): StoreSubscription {
    const entry: EligibilityListener = (processes) => listener(processes);
    this.#listeners.add(entry);
    if (this.#listeners.size === 1) this.#startListening();
    return {
      close: async () => {
        if (this.#listeners.delete(entry) && this.#listeners.size === 0) this.#stopListening();
      },
    };
  }

  /** Ends every subscription (the store is closing). */
  close(): void {
    this.#listeners.clear();
    this.#stopListening();
  }

  #startListening(): void {
    this.#leaveChannel = joinChannel(this.#key, (processes) => this.#hear(processes));
    this.#dataVersion = this.#readDataVersion();
    this.#poll = setInterval(() => this.#checkDataVersion(), DATA_VERSION_POLL_MS);
    this.#poll.unref();
  }

  #stopListening(): void {
    this.#leaveChannel?.();
    this.#leaveChannel = undefined;
    if (this.#poll !== undefined) clearInterval(this.#poll);
    this.#poll = undefined;
  }

  #checkDataVersion(): void {
    let version: number;
    try {
      version = this.#readDataVersion();
    } catch {
      // A failing read (disk gone) is the next operation's error to report; say "anything".
      this.#hear(null);
      return;
    }
    if (version === this.#dataVersion) return;
    this.#dataVersion = version;
    this.#hear(null);
  }

  /** Queues a signal for the listeners; one delivery per microtask, coalescing what came meanwhile. */
  #hear(processes: readonly string[] | null): void {
    if (this.#pending === undefined) {
      this.#pending = processes === null ? null : new Set(processes);
      queueMicrotask(() => this.#deliver());
    } else if (this.#pending !== null) {
      if (processes === null) this.#pending = null;
      else for (const process of processes) this.#pending.add(process);
    }
  }

  #deliver(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending === undefined) return;
    const processes = pending === null ? null : [...pending];
    for (const listener of [...this.#listeners]) {
      try {
        listener(processes);
      } catch {
        // A listener must not stop the others (the engine's never throws).
      }
    }
  }
}
