import { ClosedError } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { NEEDS_AGENT, provideMachines } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

describeEachStore('closing the engine under a running worker', (open) => {
  it('stops the worker, which reports why instead of spinning', async () => {
    const { engine } = await open();
    await provideMachines(engine, 2);
    const reported: unknown[] = [];
    const worker = runWorker(engine, {
      component: 'provisioner',
      process: 'AgentStart',
      where: NEEDS_AGENT,
      idleDelayMs: 1,
      heartbeat: false,
      onError: (error) => reported.push(error),
      handle: () => ({ setTags: { AgentStarted: true } }),
    });
    await worker.idle();
    await engine.close();
    await worker.done;

    expect(reported).toEqual([expect.any(ClosedError)]);
    expect(worker.stats()).toMatchObject({ inFlight: 0, finished: 2, sessionsStarted: 1 });
  });
});
