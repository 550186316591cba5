import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { provideMachines, TEST_WORKER } from './support/fleet.js';
import { announcingCalls } from './support/store-wrappers.js';
import { describeEachStore } from './support/test-engine.js';

describeEachStore('a busy worker with prefetch', (open) => {
  it('sends its next claim while the works of the last one are still being handled', async () => {
    // Handlers that end at once run one after another without a turn of the event loop: were
    // the claim to wait for one, every work of the first claim would be handled before it went.
    const handledAtClaims: number[] = [];
    let handled = 0;
    const { engine } = await open({
      wrap: (store) => announcingCalls(store, 'claimMany', () => handledAtClaims.push(handled)),
    });
    await provideMachines(engine, 40);
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 1,
      prefetch: 16,
      handle: () => {
        handled++;
        return { setTags: { AgentStarted: true } };
      },
    });
    await worker.idle();
    await worker.stop();

    expect(worker.stats()).toMatchObject({ claimed: 40, finished: 40, lost: 0 });
    // The first claim takes 17 works (a slot and the prefetch); the second goes once three
    // quarters of the prefetch room are free, before the 17th handler runs.
    expect(handledAtClaims[0]).toBe(0);
    expect(handledAtClaims[1]).toBeGreaterThanOrEqual(12);
    expect(handledAtClaims[1]).toBeLessThan(17);
  });
});
