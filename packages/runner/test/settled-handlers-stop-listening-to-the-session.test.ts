import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { provideMachines, TEST_WORKER } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

describeEachStore('works whose finishes wait in a batch', (open) => {
  it('no longer listen to the session once their handler settled: no MaxListenersExceededWarning', async () => {
    const { engine } = await open();
    await provideMachines(engine, 40);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      // One slot and 39 works claimed ahead: each handler settles at once and the next starts,
      // so the finishes wait in one batch until the last handler settles: 40 works at once.
      const worker = runWorker(engine, {
        ...TEST_WORKER,
        concurrency: 1,
        prefetch: 39,
        commitBatchMs: 1000,
        onError: () => {},
        handle: () => ({ setTags: { AgentStarted: true } }),
      });
      await worker.idle();
      await worker.stop();
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(worker.stats()).toMatchObject({ claimed: 40, finished: 40, lost: 0 });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(await engine.machines({ where: { has: 'AgentStarted' } })).toHaveLength(40);
  });
});
