import { StoreError } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { NEEDS_AGENT, provideMachines, TEST_WORKER } from './support/fleet.js';
import { failingStore, lostReplyStore } from './support/store-wrappers.js';
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

  it('retries a batch of finishes the store failed, each task on its own, and applies each once', async () => {
    const { engine, events } = await open({ wrap: (store) => failingStore(store, 'finishMany', 1) });
    const ids = await provideMachines(engine, 3);
    const running = runWorker(engine, { ...worker, concurrency: 3, commitBatchMs: 1000, onError: () => {} });
    await running.idle();
    await running.stop();

    expect(running.stats()).toMatchObject({ storeErrors: 3, finished: 3, lost: 0 });
    expect(events.storeError.map((event) => event.operation)).toEqual(['finishMany']);
    for (const machineId of ids) {
      expect((await engine.history({ machineId })).map((event) => event.event)).toEqual([
        'Started',
        'Finished',
      ]);
    }
  });

  it('counts the finishes of a batch that committed while its reply was lost as lost on their retry', async () => {
    const { engine, events } = await open({ wrap: (store) => lostReplyStore(store, 'finishMany', 1) });
    const ids = await provideMachines(engine, 3);
    const running = runWorker(engine, { ...worker, concurrency: 3, commitBatchMs: 1000, onError: () => {} });
    await running.idle();
    await running.stop();

    expect(running.stats()).toMatchObject({ storeErrors: 3, finished: 0, lost: 3 });
    expect(events.lost.map((event) => event.reason)).toEqual(['taken-over', 'taken-over', 'taken-over']);
    for (const machineId of ids) {
      expect((await engine.history({ machineId })).map((event) => event.event)).toEqual([
        'Started',
        'Finished',
      ]);
    }
    expect(await engine.activeWork()).toEqual([]);
  });
});
