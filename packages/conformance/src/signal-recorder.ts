import type { Store } from '@tagout/core';

/** A signal as the tests compare it: process names sorted and distinct, or null. */
export type Signal = readonly string[] | null;

/** A subscription of the tests' own on a store: every signal it hears, in order. */
export interface SignalRecorder {
  /** The oldest signal not taken yet, waiting for one when none is left. */
  next(): Promise<Signal>;
  /** Ends the subscription. */
  close(): Promise<void>;
}

/**
 * Subscribes to `store` (which must implement `subscribe`) and records what it hears.
 * @throws Error when the store has no `subscribe`.
 */
export async function recordSignals(store: Store): Promise<SignalRecorder> {
  if (store.subscribe === undefined) throw new Error('the store does not implement subscribe');
  const heard: Signal[] = [];
  const waiting: ((signal: Signal) => void)[] = [];
  const subscription = await store.subscribe((processes) => {
    const signal = processes === null ? null : [...new Set(processes)].sort();
    const taker = waiting.shift();
    if (taker === undefined) heard.push(signal);
    else taker(signal);
  });
  return {
    next() {
      if (heard.length > 0) return Promise.resolve(heard.shift() ?? null);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => subscription.close(),
  };
}
