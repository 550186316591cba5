import type { StoreSubscription } from './store.js';

/**
 * The live subscriptions of one store (`Store.subscribe`), so that the store's `close()` ends them
 * all, and none is opened after it.
 */
export class StoreSubscriptions {
  #closed = false;
  readonly #live = new Set<StoreSubscription>();

  /**
   * Opens a subscription with `open` and keeps it until its own `close()` or {@link closeAll}.
   * @throws Error when the store is closed (before, or while `open` ran: what it opened is closed
   * again), and whatever `open` throws.
   */
  async open(open: () => Promise<StoreSubscription>): Promise<StoreSubscription> {
    if (this.#closed) throw new Error('tagout: subscribe on a closed store');
    const subscription = await open();
    if (this.#closed) {
      await subscription.close();
      throw new Error('tagout: the store was closed while subscribing');
    }
    this.#live.add(subscription);
    return {
      close: () => {
        this.#live.delete(subscription);
        return subscription.close();
      },
    };
  }

  /** Ends every live subscription and refuses new ones. Idempotent. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    const live = [...this.#live];
    this.#live.clear();
    await Promise.all(live.map((subscription) => subscription.close()));
  }
}
