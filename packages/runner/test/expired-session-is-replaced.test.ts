import { SessionExpiredError, WorkLostError } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { gate, provideMachines, TEST_WORKER } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

const INTERVAL_MS = 10_000;

describeEachStore('a session that expires mid-handler', (open) => {
  it('aborts the handler, refuses its commit, and a new session does the work once', async () => {
    const { engine, clock, events } = await open();
    const [id = ''] = await provideMachines(engine, 1);
    const firstSignal = gate<AbortSignal>();
    const reported: unknown[] = [];
    let attempts = 0;
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 2,
      sessionIntervalMs: INTERVAL_MS,
      onError: (error) => reported.push(error),
      handle: async (_work, { signal }) => {
        const attempt = ++attempts;
        if (attempt === 1) {
          firstSignal.open(signal);
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        }
        // The first attempt ignores the abort and still tries to commit.
        return { setTags: { AgentStarted: { attempt } } };
      },
    });
    const signal = await firstSignal.promise;
    const [held] = await engine.activeWork();
    clock.advance(INTERVAL_MS + 1);
    await worker.idle();
    await worker.stop();

    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(SessionExpiredError);
    const history = await engine.history({ machineId: id });
    expect(history.map((event) => event.event)).toEqual(['Started', 'Expired', 'Started', 'Finished']);
    const [started, expired, restarted, finished] = history;
    expect(started?.sessionId).toBe(held?.sessionId);
    expect(expired?.sessionId).toBe(held?.sessionId);
    expect(restarted?.sessionId).not.toBe(held?.sessionId);
    expect(finished?.sessionId).toBe(restarted?.sessionId);
    expect((await engine.machine(id))?.tags.AgentStarted?.value).toEqual({ attempt: 2 });
    expect(events.lost).toEqual([
      {
        machineId: id,
        process: 'AgentStart',
        sessionId: held?.sessionId,
        token: held?.token,
        reason: 'session-expired',
      },
    ]);
    expect(events.sessionExpired.map((event) => event.sessionId)).toEqual([held?.sessionId]);
    expect(reported.filter((error) => error instanceof WorkLostError)).toHaveLength(1);
    expect(worker.stats()).toMatchObject({
      claimed: 2,
      finished: 1,
      lost: 1,
      sessionsStarted: 2,
      inFlight: 0,
    });
    expect(await engine.activeWork()).toEqual([]);
  });
});
