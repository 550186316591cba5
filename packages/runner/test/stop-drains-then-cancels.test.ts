import { ClosedError } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { gate, heldHandler, provideMachines, TEST_WORKER } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

const base = { ...TEST_WORKER, onError: () => {} } as const;

describeEachStore('stopping a worker', (open) => {
  it('waits for the handlers in flight, lets them finish, and leaves no live work', async () => {
    const { engine } = await open();
    await provideMachines(engine, 20);
    const held = heldHandler(4);
    const worker = runWorker(engine, { ...base, concurrency: 4, stopTimeoutMs: 60_000, handle: held.handle });
    await held.allHeld;
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await new Promise(setImmediate);
    expect(stopped).toBe(false);
    expect(worker.stats().inFlight).toBe(4);
    held.releaseAll();
    await stopping;

    expect(worker.stats()).toMatchObject({ inFlight: 0, claimed: 4, finished: 4, canceled: 0 });
    expect(await engine.activeWork()).toEqual([]);
    const history = await engine.history();
    expect(history.filter((event) => event.event === 'Started')).toHaveLength(4);
    expect(history.filter((event) => event.event === 'Finished')).toHaveLength(4);
    expect(await engine.machines({ where: { has: 'AgentStarted' } })).toHaveLength(4);
    await expect(worker.idle()).rejects.toBeInstanceOf(ClosedError);
  });

  it('cancels the work of a handler that never settles once the stop timeout passes', async () => {
    const { engine } = await open();
    const [id] = await provideMachines(engine, 1);
    const running = gate<AbortSignal>();
    const worker = runWorker(engine, {
      ...base,
      stopTimeoutMs: 20,
      handle: (_work, { signal }) => {
        running.open(signal);
        return new Promise(() => {});
      },
    });
    const signal = await running.promise;
    await worker.stop();

    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(ClosedError);
    expect(worker.stats()).toMatchObject({ inFlight: 0, claimed: 1, finished: 0, canceled: 1 });
    expect(await engine.activeWork()).toEqual([]);
    expect((await engine.history({ machineId: id! })).map((event) => event.event)).toEqual([
      'Started',
      'Canceled',
    ]);
    expect(await engine.backoffs()).toEqual([]);
  });

  it('stops when its signal aborts', async () => {
    const { engine } = await open();
    await provideMachines(engine, 3);
    const controller = new AbortController();
    const worker = runWorker(engine, {
      ...base,
      signal: controller.signal,
      handle: () => ({ setTags: { AgentStarted: true } }),
    });
    await worker.idle();
    controller.abort();
    await worker.done;

    expect(worker.stats()).toMatchObject({ inFlight: 0, finished: 3 });
    expect(await engine.activeWork()).toEqual([]);
    await expect(worker.idle()).rejects.toBeInstanceOf(ClosedError);
  });
});
