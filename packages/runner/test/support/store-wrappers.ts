import type { Store } from '@tagout/core';

/** Counts of calls per store operation, filled by {@link countingStore}. */
export type CallCounts = Map<string, number>;

/**
 * The real store, seen through a proxy: operation `name` throws (like a dropped
 * connection) its first `times` calls, then reaches the store as usual.
 */
export function failingStore(store: Store, name: keyof Store, times: number): Store {
  let left = times;
  return intercept(store, (operation, call) => {
    if (operation === name && left > 0) {
      left--;
      return Promise.reject(new Error(`${operation}: connection refused`));
    }
    return call();
  });
}

/**
 * The real store, seen through a proxy: operation `name` reaches the store its first `times`
 * calls, but the reply is lost (like a connection that died after the commit) and the call throws.
 */
export function lostReplyStore(store: Store, name: keyof Store, times: number): Store {
  let left = times;
  return intercept(store, async (operation, call) => {
    const reply = await call();
    if (operation === name && left > 0) {
      left--;
      throw new Error(`${operation}: connection terminated after the commit`);
    }
    return reply;
  });
}

/** The real store, counting calls per operation into `counts`. */
export function countingStore(store: Store, counts: CallCounts): Store {
  return intercept(store, (operation, call) => {
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    return call();
  });
}

/**
 * The real store, recording how many finishes each `finish` (1) and `finishMany` (its size) call
 * carried, in call order.
 */
export function recordingFinishes(store: Store, sizes: number[]): Store {
  return intercept(store, (operation, call, input) => {
    if (operation === 'finish') sizes.push(1);
    if (operation === 'finishMany') sizes.push((input as { finishes: readonly unknown[] }).finishes.length);
    return call();
  });
}

/** The real store, calling `before` as each call of operation `name` goes out. */
export function announcingCalls(store: Store, name: keyof Store, before: () => void): Store {
  return intercept(store, (operation, call) => {
    if (operation === name) before();
    return call();
  });
}

function intercept(
  store: Store,
  around: (operation: string, call: () => unknown, input: unknown) => unknown,
): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => around(String(property), () => value.apply(target, args), args[0]);
    },
  });
}

/** A store call held back by a test: `reached` is called when it comes, it goes on once `released` resolves. */
export interface HeldCall {
  reached: () => void;
  released: Promise<void>;
}

/**
 * The real store, recording finish sizes as {@link recordingFinishes} does; the first `finish`
 * or `finishMany` call is recorded at once but reaches the store only once the test releases it
 * (a slow round trip the test ends).
 */
export function holdingFirstFinish(store: Store, sizes: number[], hold: HeldCall): Store {
  let held = false;
  const holding = intercept(store, async (operation, call) => {
    if ((operation === 'finish' || operation === 'finishMany') && !held) {
      held = true;
      hold.reached();
      await hold.released;
    }
    return call();
  });
  return recordingFinishes(holding, sizes);
}
