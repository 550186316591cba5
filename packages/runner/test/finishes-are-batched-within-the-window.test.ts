import { ValidationError, WorkLostError } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { gate, indexOf, provideMachines, TEST_WORKER } from './support/fleet.js';
import { recordingFinishes } from './support/store-wrappers.js';
import { describeEachStore } from './support/test-engine.js';

/** A promise resolved once the engine has emitted `count` finished events. */
function finishedEvents(engine: { on(event: 'finished', listener: () => void): void }, count: number) {
  const reached = gate();
  let seen = 0;
  engine.on('finished', () => {
    if (++seen === count) reached.open();
  });
  return reached.promise;
}

describeEachStore('a worker with commitBatchMs', (open) => {
  it('sends the finishes of handlers that end within the window in one batch, and a batch at once when every running handler waits in it', async () => {
    const sizes: number[] = [];
    const { engine } = await open({ wrap: (store) => recordingFinishes(store, sizes) });
    await provideMachines(engine, 4);
    const releases = new Map<number, () => void>();
    const allRunning = gate();
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 4,
      commitBatchMs: 20,
      onError: () => {},
      handle: async (work) => {
        const release = gate();
        releases.set(indexOf(work.machine.tags), () => release.open());
        if (releases.size === 4) allRunning.open();
        await release.promise;
        return { setTags: { AgentStarted: true } };
      },
    });
    await allRunning.promise;

    // Two of four end: their finishes wait for the window, then go together.
    const firstTwo = finishedEvents(engine, 2);
    releases.get(0)!();
    releases.get(1)!();
    await firstTwo;
    expect(sizes).toEqual([2]);
    // The other two: once both wait, no running handler is left to join them.
    const idle = worker.idle();
    releases.get(2)!();
    releases.get(3)!();
    await idle;
    await worker.stop();

    expect(sizes).toEqual([2, 2]);
    expect(worker.stats()).toMatchObject({ claimed: 4, finished: 4, failed: 0, lost: 0, inFlight: 0 });
    const history = await engine.history();
    expect(history.filter((event) => event.event === 'Finished')).toHaveLength(4);
    expect(await engine.machines({ where: { has: 'AgentStarted' } })).toHaveLength(4);
  });

  it('gives each finish its own outcome: a refused commit fails its work alone, the others finish', async () => {
    const sizes: number[] = [];
    const { engine } = await open({ wrap: (store) => recordingFinishes(store, sizes) });
    const ids = await provideMachines(engine, 3);
    const reported: unknown[] = [];
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 3,
      commitBatchMs: 1000,
      onError: (error) => reported.push(error),
      handle: (work) =>
        indexOf(work.machine.tags) === 1
          ? { setTags: { AgentStarted: Number.NaN } }
          : { setTags: { AgentStarted: true } },
    });
    await worker.idle();
    await worker.stop();

    // One batch of the two good commits: core refused the third before the store call.
    expect(sizes).toEqual([2]);
    expect(worker.stats()).toMatchObject({ claimed: 3, finished: 2, failed: 1, lost: 0 });
    expect(reported).toEqual([expect.any(ValidationError)]);
    const events = await Promise.all(ids.map((machineId) => engine.history({ machineId })));
    expect(events.map((list) => list.map((event) => event.event))).toEqual([
      ['Started', 'Finished'],
      ['Started', 'Failed'],
      ['Started', 'Finished'],
    ]);
    expect((await engine.backoffs()).map((backoff) => backoff.machineId)).toEqual([ids[1]]);
  });

  it('reports each lost finish of a batch as a lost work item', async () => {
    const { engine, clock, events } = await open();
    await provideMachines(engine, 3);
    const reported: unknown[] = [];
    const release = gate();
    const running = gate();
    let started = 0;
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 3,
      commitBatchMs: 1000,
      sessionIntervalMs: 10_000,
      onError: (error) => reported.push(error),
      handle: async () => {
        if (++started === 3) running.open();
        if (started <= 3) await release.promise;
        return { setTags: { AgentStarted: true } };
      },
    });
    await running.promise;
    clock.advance(10_000);
    release.open();
    await finishedEvents(engine, 3);
    await worker.stop();

    expect(events.lost.map((event) => event.reason)).toEqual([
      'session-expired',
      'session-expired',
      'session-expired',
    ]);
    expect(reported.filter((error) => error instanceof WorkLostError)).toHaveLength(3);
    expect(worker.stats()).toMatchObject({ claimed: 6, finished: 3, lost: 3 });
    expect(await engine.machines({ where: { has: 'AgentStarted' } })).toHaveLength(3);
  });

  it('stop() sends the finishes waiting in the window at once', async () => {
    const sizes: number[] = [];
    const { engine } = await open({ wrap: (store) => recordingFinishes(store, sizes) });
    await provideMachines(engine, 2);
    const running = gate();
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 2,
      commitBatchMs: 1000,
      stopTimeoutMs: 20,
      onError: () => {},
      handle: async (work, { signal }) => {
        if (indexOf(work.machine.tags) === 1) {
          running.open();
          // Runs until the worker gives up on it at the stop timeout.
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        }
        return { setTags: { AgentStarted: true } };
      },
    });
    await running.promise;
    // The first handler has returned: its finish waits for the window (or the second handler).
    await new Promise(setImmediate);
    await worker.stop();

    // Sent at stop(), alone, not after the window; the second handler outlived the stop timeout.
    expect(sizes).toEqual([1]);
    expect(worker.stats()).toMatchObject({ claimed: 2, finished: 1, canceled: 1, inFlight: 0 });
    expect(await engine.activeWork()).toEqual([]);
  });
});
