import type { Store } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { heldHandler, provideMachines, TEST_WORKER } from './support/fleet.js';
import { type CallCounts, countingStore } from './support/store-wrappers.js';
import { describeEachStore } from './support/test-engine.js';

/** The store, recording the `limit` of every batched claim. */
function recordingLimits(store: Store, limits: number[]): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'claimMany') return value.bind(target);
      return (input: { limit: number }) => {
        limits.push(input.limit);
        return value.call(target, input);
      };
    },
  });
}

describeEachStore('a worker with free handler slots', (open) => {
  it('fills all of them with one batched claim, then claims for the slots that free up', async () => {
    const counts: CallCounts = new Map();
    const limits: number[] = [];
    const { engine } = await open({ wrap: (store) => recordingLimits(countingStore(store, counts), limits) });
    await provideMachines(engine, 10);
    const held = heldHandler(4);
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 4,
      onError: () => {},
      handle: held.handle,
    });
    await held.allHeld;

    expect(worker.stats().inFlight).toBe(4);
    expect(counts.get('claimMany')).toBe(1);
    expect(counts.get('claim')).toBeUndefined();
    expect(limits).toEqual([4]);
    const sessions = new Set((await engine.activeWork()).map((work) => work.sessionId));
    expect(sessions.size).toBe(1);

    const idle = worker.idle();
    held.releaseAll();
    await idle;
    await worker.stop();

    expect(worker.stats()).toMatchObject({ claimed: 10, finished: 10, inFlight: 0 });
    expect(limits[0]).toBe(4);
    expect(limits.every((limit) => limit >= 1 && limit <= 4)).toBe(true);
    expect(counts.get('claim')).toBeUndefined();
  });
});
