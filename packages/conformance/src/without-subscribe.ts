import type { Store } from '@tagout/core';

/**
 * The real store seen without `subscribe`: a store that cannot signal, whose waiting claimers
 * only have their safety poll. Every other member is the store's own.
 */
export function withoutSubscribe(store: Store): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'subscribe') return undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
