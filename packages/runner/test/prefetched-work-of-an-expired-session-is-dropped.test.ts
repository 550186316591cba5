import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { gate, provideMachines, TEST_WORKER } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

const INTERVAL_MS = 10_000;

describeEachStore('a work waiting in a worker whose session expires', (open) => {
  it('is dropped as lost, never handed to a handler, and a new session does it once', async () => {
    const { engine, clock } = await open();
    const ids = await provideMachines(engine, 3);
    const twoRunning = gate();
    const handled: string[] = [];
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 2,
      prefetch: 2,
      sessionIntervalMs: INTERVAL_MS,
      onError: () => {},
      handle: async (work, { signal }) => {
        handled.push(work.machine.id);
        if (handled.length <= 2) {
          if (handled.length === 2) twoRunning.open();
          // Held until the session is found expired (the worker's next claim finds it).
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        }
        return { setTags: { AgentStarted: true } };
      },
    });
    await twoRunning.promise;
    expect(worker.stats()).toMatchObject({ inFlight: 2, waiting: 1 });
    const waitingId = ids.find((id) => !handled.includes(id));

    clock.advance(INTERVAL_MS + 1);
    await worker.idle();
    await worker.stop();

    // The two running works were lost and done again; the waiting one only by the new session.
    expect(handled).toHaveLength(5);
    expect(handled.filter((id) => id === waitingId)).toHaveLength(1);
    expect(worker.stats()).toMatchObject({ claimed: 6, finished: 3, lost: 3, waiting: 0, inFlight: 0 });
    const events = (await engine.history({ machineId: waitingId! })).map((event) => event.event);
    expect(events).toEqual(['Started', 'Expired', 'Started', 'Finished']);
    expect(await engine.activeWork()).toEqual([]);
  });
});
