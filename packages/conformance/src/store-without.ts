import type { Store } from '@tagout/core';

/**
 * The real store seen without some of its optional members, so core takes its fallback (or a
 * store that cannot do something is imitated). Every other member is the store's own, bound to it.
 */
export function storeWithout(store: Store, ...members: readonly (keyof Store)[]): Store {
  return new Proxy(store, {
    get(target, property) {
      if ((members as readonly PropertyKey[]).includes(property)) return undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The store seen without its optional `finishMany`, so core finishes one by one: runs the same
 * tests over core's fallback.
 */
export function withoutFinishMany(store: Store): Store {
  return storeWithout(store, 'finishMany');
}
