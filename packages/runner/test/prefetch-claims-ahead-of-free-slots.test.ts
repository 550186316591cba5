import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { gate, provideMachines, TEST_WORKER } from './support/fleet.js';
import { type CallCounts, countingStore } from './support/store-wrappers.js';
import { describeEachStore } from './support/test-engine.js';

describeEachStore('a worker with prefetch', (open) => {
  it('claims ahead of its free slots, and starts a waiting work without a claim when a slot frees', async () => {
    const counts: CallCounts = new Map();
    const { engine } = await open({ wrap: (store) => countingStore(store, counts) });
    await provideMachines(engine, 10);
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const next = { count: 0, reached: gate() };
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 2,
      prefetch: 4,
      onError: () => {},
      handle: async (work) => {
        started.push(work.machine.id);
        const release = gate();
        releases.push(() => release.open());
        if (started.length === next.count) next.reached.open();
        await release.promise;
        return { setTags: { AgentStarted: true } };
      },
    });
    next.count = 2;
    await next.reached.promise;

    // Two handlers run; four more works wait, claimed in the same batch.
    expect(worker.stats()).toMatchObject({ inFlight: 2, waiting: 4, claimed: 6 });
    expect(counts.get('claimMany')).toBe(1);
    expect(await engine.activeWork()).toHaveLength(6);

    next.count = 3;
    next.reached = gate();
    releases[0]!();
    await next.reached.promise;
    // The third handler started from the waiting works: no claim went to the store for it.
    expect(counts.get('claimMany')).toBe(1);
    expect(worker.stats().waiting).toBe(3);

    const idle = worker.idle();
    next.count = Number.POSITIVE_INFINITY;
    const releaseAll = setInterval(() => {
      for (const release of releases.splice(0)) release();
    }, 1);
    await idle;
    clearInterval(releaseAll);
    await worker.stop();

    expect(new Set(started).size).toBe(10);
    expect(worker.stats()).toMatchObject({ claimed: 10, finished: 10, inFlight: 0, waiting: 0, lost: 0 });
    expect(await engine.machines({ where: { has: 'AgentStarted' } })).toHaveLength(10);
  });

  it('cancels the works still waiting when it stops, leaving no live work', async () => {
    const { engine } = await open();
    const ids = await provideMachines(engine, 5);
    const running = gate();
    const release = gate();
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 1,
      prefetch: 3,
      onError: () => {},
      handle: async () => {
        running.open();
        await release.promise;
        return { setTags: { AgentStarted: true } };
      },
    });
    await running.promise;
    expect(worker.stats()).toMatchObject({ inFlight: 1, waiting: 3 });

    const stopped = worker.stop();
    release.open();
    await stopped;

    expect(worker.stats()).toMatchObject({ claimed: 4, finished: 1, canceled: 3, waiting: 0, inFlight: 0 });
    expect(await engine.activeWork()).toEqual([]);
    const outcomes = await Promise.all(
      ids.map(async (machineId) => (await engine.history({ machineId })).map((event) => event.event)),
    );
    expect(outcomes.filter((events) => events.join() === 'Started,Finished')).toHaveLength(1);
    expect(outcomes.filter((events) => events.join() === 'Started,Canceled')).toHaveLength(3);
    expect(outcomes.filter((events) => events.length === 0)).toHaveLength(1);
  });
});
