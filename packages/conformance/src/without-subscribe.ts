import type { Store } from '@tagout/core';
import { storeWithout } from './store-without.js';

/**
 * The real store seen without `subscribe`: a store that cannot signal, whose waiting claimers
 * only have their safety poll. Every other member is the store's own.
 */
export function withoutSubscribe(store: Store): Store {
  return storeWithout(store, 'subscribe');
}
