import { StoreError } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { NEEDS_AGENT, provideMachines, TEST_WORKER } from './support/fleet.js';
import { failingStore } from './support/store-wrappers.js';
import { describeEachStore } from './support/test-engine.js';

const worker = {
  ...TEST_WORKER,
  concurrency: 2,
  storeRetry: { initialMs: 1, maximumMs: 4 },
  handle: () => ({ setTags: { AgentStarted: true } }),
} as const;

describeEachStore('a store outage', (open) => {
  it('retries claims and session starts, reports each failure, and then does the work', async () => {
    const { engine, events } = await open({
      wrap: (store) => failingStore(failingStore(store, 'claimMany', 3), 'createSession', 2),
    });
    await provideMachines(engine, 5);
    const reported: unknown[] = [];
    const running = runWorker(engine, { ...worker, onError: (error) => reported.push(error) });
    await running.idle();
    await running.stop();

    // A failed claim may have committed: each retires its session, and the worker starts another.
    expect(running.stats()).toMatchObject({ storeErrors: 5, sessionsStarted: 4, finished: 5, inFlight: 0 });
    expect(events.storeError.map((event) => event.operation)).toEqual([
      'createSession',
      'createSession',
      'claimMany',
      'claimMany',
      'claimMany',
    ]);
    expect(reported).toHaveLength(5);
    expect(reported.every((error) => error instanceof StoreError)).toBe(true);
    expect(await engine.machines({ where: NEEDS_AGENT })).toEqual([]);
  });

  it('retries a finish the store failed, and applies it once', async () => {
    const { engine, events } = await open({ wrap: (store) => failingStore(store, 'finish', 2) });
    const [id] = await provideMachines(engine, 1);
    const running = runWorker(engine, { ...worker, onError: () => {} });
    await running.idle();
    await running.stop();

    expect(running.stats()).toMatchObject({ storeErrors: 2, finished: 1, lost: 0 });
    expect(events.storeError.map((event) => event.operation)).toEqual(['finish', 'finish']);
    expect((await engine.history({ machineId: id! })).map((event) => event.event)).toEqual([
      'Started',
      'Finished',
    ]);
  });
});
