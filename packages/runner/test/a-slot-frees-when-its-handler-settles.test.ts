import type { Store } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { gate, provideMachines, TEST_WORKER } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

/** The store, whose finishes reach it only once `held` opens. */
function holdingFinishes(store: Store, held: Promise<void>): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'finish') return value.bind(target);
      return async (...args: unknown[]) => {
        await held;
        return value.apply(target, args);
      };
    },
  });
}

describeEachStore('a worker whose handler has returned', (open) => {
  it('claims and runs the next work while the finished one is still being committed', async () => {
    const finishes = gate();
    const { engine } = await open({ wrap: (store) => holdingFinishes(store, finishes.promise) });
    await provideMachines(engine, 2);
    const secondStarted = gate();
    let handled = 0;
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 1,
      handle: () => {
        handled++;
        if (handled === 2) secondStarted.open();
        return { setTags: { AgentStarted: true } };
      },
    });

    await secondStarted.promise;
    expect(worker.stats()).toMatchObject({ claimed: 2, finished: 0, inFlight: 2 });

    finishes.open();
    await worker.idle();
    await worker.stop();
    expect(worker.stats()).toMatchObject({ claimed: 2, finished: 2, inFlight: 0 });
    expect(await engine.machines({ where: { lacks: 'AgentStarted' } })).toEqual([]);
  });

  it('holds twice its concurrency (handlers, then finishes) with no listener-leak warning', async () => {
    const finishes = gate();
    const { engine } = await open({ wrap: (store) => holdingFinishes(store, finishes.promise) });
    await provideMachines(engine, 13);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const twelveStarted = gate();
      let handled = 0;
      const worker = runWorker(engine, {
        ...TEST_WORKER,
        concurrency: 6,
        handle: () => {
          handled++;
          if (handled === 12) twelveStarted.open();
          return { setTags: { AgentStarted: true } };
        },
      });

      await twelveStarted.promise;
      expect(worker.stats()).toMatchObject({ claimed: 12, finished: 0, inFlight: 12 });

      finishes.open();
      await worker.idle();
      await worker.stop();
      expect(worker.stats()).toMatchObject({ claimed: 13, finished: 13, inFlight: 0 });
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
