import { ClosedError } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { gate, provideMachines, TEST_WORKER } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

describeEachStore('closing the engine while a handler runs', (open) => {
  it('refuses the late commit as closed (not lost) and stops the worker without spinning', async () => {
    const { engine } = await open();
    await provideMachines(engine, 2);
    const started = gate();
    const release = gate();
    const signals: AbortSignal[] = [];
    const reported: unknown[] = [];
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      onError: (error) => reported.push(error),
      handle: async (_work, { signal }) => {
        signals.push(signal);
        started.open();
        await release.promise;
        return { setTags: { AgentStarted: true } };
      },
    });
    await started.promise;

    await engine.close();
    release.open();
    await worker.done;

    expect(signals.map((signal) => signal.reason)).toEqual([expect.any(ClosedError)]);
    expect(reported).toEqual([expect.any(ClosedError), expect.any(ClosedError)]);
    expect(String(reported[0])).toContain('nothing was applied');
    expect(worker.stats()).toMatchObject({
      inFlight: 0,
      claimed: 1,
      finished: 0,
      lost: 0,
      sessionsStarted: 1,
    });
  });
});
