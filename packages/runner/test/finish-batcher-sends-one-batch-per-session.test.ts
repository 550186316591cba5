import { WorkLostError } from '@tagout/core';
import { expect, it } from 'vitest';
import { FinishBatcher } from '../src/finish-batcher.js';
import { provideMachines } from './support/fleet.js';
import { recordingFinishes } from './support/store-wrappers.js';
import { describeEachStore } from './support/test-engine.js';

/** A window no test outlives: only `close()` or a complete batch sends. */
const FOREVER_MS = 2 ** 31 - 1;

describeEachStore('the finish batcher', (open) => {
  it('waits until closed, then sends one finishMany per session; each finish settles with its own outcome', async () => {
    const sizes: number[] = [];
    const { engine, clock } = await open({ wrap: (store) => recordingFinishes(store, sizes) });
    const [a, b, c] = await provideMachines(engine, 3);
    const old = await engine.startSession({ component: 'test', intervalMs: 1_000, heartbeat: false });
    const fresh = await engine.startSession({ component: 'test', heartbeat: false });
    const lost = await old.work('AgentStart', { machineId: a! });
    const first = await fresh.work('AgentStart', { machineId: b! });
    const second = await fresh.work('AgentStart', { machineId: c! });
    clock.advance(1_000);
    const batcher = new FinishBatcher(FOREVER_MS, () => false);

    const outcomes = [
      batcher.finish(old, lost, {}),
      batcher.finish(fresh, first, { setTags: { AgentStarted: 1 } }),
      batcher.finish(fresh, second, {}),
    ].map((finish) =>
      finish.then(
        () => 'ok',
        (error: unknown) => error,
      ),
    );
    await new Promise(setImmediate);
    expect(sizes).toEqual([]);
    batcher.close();

    expect(await Promise.all(outcomes)).toEqual([expect.any(WorkLostError), 'ok', 'ok']);
    expect(sizes.sort()).toEqual([1, 2]);
    expect([lost.done, first.done, second.done]).toEqual([true, true, true]);
    expect((await engine.machine(b!))?.tags.AgentStarted?.value).toBe(1);
  });

  it('sends at once when the batch is complete', async () => {
    const sizes: number[] = [];
    const { engine } = await open({ wrap: (store) => recordingFinishes(store, sizes) });
    const [a, b] = await provideMachines(engine, 2);
    const session = await engine.startSession({ component: 'test', heartbeat: false });
    const works = [
      await session.work('AgentStart', { machineId: a! }),
      await session.work('AgentStart', { machineId: b! }),
    ];
    const batcher = new FinishBatcher(FOREVER_MS, (pending) => pending === 2);

    await Promise.all(works.map((work) => batcher.finish(session, work, {})));

    expect(sizes).toEqual([2]);
    expect(works.map((work) => work.done)).toEqual([true, true]);
  });
});
