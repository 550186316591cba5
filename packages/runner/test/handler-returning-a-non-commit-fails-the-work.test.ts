import { ValidationError, type WorkCommit } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { provideMachines, TEST_WORKER } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

describeEachStore('a handler that returns something other than a commit', (open) => {
  it('gets its work Failed with the reason, once, instead of finishing it again and again', async () => {
    const { engine, clock } = await open();
    const [id] = await provideMachines(engine, 1);
    const reported: unknown[] = [];
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      backoff: { initialMs: 60_000 },
      onError: (error) => reported.push(error),
      // A typo for { setTags: { Done: true } }: finish would commit nothing and the machine stay eligible.
      handle: () => ({ Done: true }) as WorkCommit,
    });
    await worker.idle();
    await worker.stop();

    expect((await engine.history()).map((event) => event.event)).toEqual(['Started', 'Failed']);
    const [backoff] = await engine.backoffs({ machineId: id! });
    expect(backoff).toMatchObject({
      cause: 'handler returned a bad commit: commit.Done: is not a known option (known: setTags, deleteTags)',
      until: clock.now() + 60_000,
    });
    expect(worker.stats()).toMatchObject({ claimed: 1, failed: 1, finished: 0 });
    expect(reported).toEqual([expect.any(ValidationError)]);
  });
});
