import type { EligibilityListener, StoreSubscription } from './store.js';

/** One listener of {@link StoreSubscriptions} (an object, so one function may be added twice). */
interface Entry {
  listener: EligibilityListener;
}

/**
 * The subscriptions of one store (`Store.subscribe`) over one listening connection: the first
 * subscription opens it, later ones join it, every signal reaches every listener in the order they
 * subscribed (so an engine that subscribed first has heard a signal before a later subscriber of
 * the same store instance does), the last one to close ends it, and the store's `close()` ends it
 * and refuses new ones.
 */
export class StoreSubscriptions {
  #closed = false;
  readonly #entries = new Set<Entry>();
  /** The one underlying subscription, while any listener is subscribed. */
  #shared: Promise<StoreSubscription> | undefined;

  /**
   * Subscribes `listener`: through the underlying subscription, which the first listener opens
   * with `open` (its listener passes every signal on to every subscribed listener; one that
   * throws is skipped). Resolves once listening.
   * @throws Error when the store is closed (before, or while `open` ran), and whatever `open`
   * throws (the listener is then not subscribed).
   */
  async open(
    listener: EligibilityListener,
    open: (fanOut: EligibilityListener) => Promise<StoreSubscription>,
  ): Promise<StoreSubscription> {
    if (this.#closed) throw new Error('tagout: subscribe on a closed store');
    const entry: Entry = { listener };
    this.#entries.add(entry);
    try {
      this.#shared ??= open((processes) => this.#fanOut(processes)).catch((error: unknown) => {
        this.#shared = undefined;
        throw error;
      });
      await this.#shared;
    } catch (error) {
      this.#entries.delete(entry);
      throw error;
    }
    if (this.#closed) throw new Error('tagout: the store was closed while subscribing');
    return { close: () => this.#leave(entry) };
  }

  /** Ends the underlying subscription and refuses new ones. Idempotent. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
    await this.#endShared();
  }

  #fanOut(processes: readonly string[] | null): void {
    for (const entry of [...this.#entries]) {
      try {
        entry.listener(processes);
      } catch {
        // That listener's own failure: a signal is a hint, the others still get it.
      }
    }
  }

  async #leave(entry: Entry): Promise<void> {
    if (!this.#entries.delete(entry) || this.#entries.size > 0) return;
    await this.#endShared();
  }

  async #endShared(): Promise<void> {
    const shared = this.#shared;
    this.#shared = undefined;
    const subscription = await shared?.catch(() => undefined);
    await subscription?.close();
  }
}
