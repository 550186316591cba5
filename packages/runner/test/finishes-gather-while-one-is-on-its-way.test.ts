import type { Work } from '@tagout/core';
import { expect, it } from 'vitest';
import { FinishBatcher } from '../src/finish-batcher.js';
import { runWorker } from '../src/index.js';
import { gate, heldHandler, provideMachines, TEST_WORKER } from './support/fleet.js';
import { holdingFirstFinish } from './support/store-wrappers.js';
import { describeEachStore } from './support/test-engine.js';

describeEachStore('finishes without a window (commitBatchMs 0)', (open) => {
  it('send a lone finish at once and alone; finishes that come while it is on its way go together when it returns', async () => {
    const sizes: number[] = [];
    const [reached, storeReply] = [gate(), gate()];
    const hold = { reached: () => reached.open(), released: storeReply.promise };
    const { engine } = await open({ wrap: (store) => holdingFirstFinish(store, sizes, hold) });
    const ids = await provideMachines(engine, 5);
    const session = await engine.startSession({ component: 'test', heartbeat: false });
    const works: Work[] = [];
    for (const machineId of ids) works.push(await session.work('AgentStart', { machineId }));
    const batcher = new FinishBatcher(0, () => false);

    const first = batcher.finish(session, works[0]!, { setTags: { AgentStarted: 0 } });
    const rest = [1, 2, 3].map((i) => batcher.finish(session, works[i]!, { setTags: { AgentStarted: i } }));
    await reached.promise;
    await new Promise(setImmediate);
    // The first went at once, by itself; the three behind it wait for its reply.
    expect(sizes).toEqual([1]);
    storeReply.open();
    await Promise.all([first, ...rest]);
    expect(sizes).toEqual([1, 3]);
    // Nothing on its way: the next goes at once, alone.
    await batcher.finish(session, works[4]!, {});
    expect(sizes).toEqual([1, 3, 1]);

    expect(works.map((work) => work.done)).toEqual([true, true, true, true, true]);
    const tagged = await engine.machines({ where: { has: 'AgentStarted' } });
    expect(tagged.map((machine) => machine.tags.AgentStarted?.value).sort()).toEqual([0, 1, 2, 3]);
  });

  it('are gathered by a worker with its defaults', async () => {
    const sizes: number[] = [];
    const [reached, storeReply] = [gate(), gate()];
    const hold = { reached: () => reached.open(), released: storeReply.promise };
    const { engine } = await open({ wrap: (store) => holdingFirstFinish(store, sizes, hold) });
    await provideMachines(engine, 4);
    const handler = heldHandler(4);
    const worker = runWorker(engine, { ...TEST_WORKER, concurrency: 4, handle: handler.handle });
    await handler.allHeld;
    handler.releaseAll();
    // The first finish is held in the store; the other three gather behind it.
    await reached.promise;
    await new Promise(setImmediate);
    expect(sizes).toEqual([1]);
    storeReply.open();
    await worker.idle();
    await worker.stop();

    expect(sizes).toEqual([1, 3]);
    expect(worker.stats()).toMatchObject({ claimed: 4, finished: 4, failed: 0, lost: 0, inFlight: 0 });
    expect(await engine.machines({ where: { has: 'AgentStarted' } })).toHaveLength(4);
  });
});
