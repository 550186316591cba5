import { checkExclusivity, readAllHistory } from '@tagout/conformance';
import { type BackoffPolicy, type HistoryEvent, nextBackoffMs } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import {
  eventsByMachine,
  indexOf,
  provideMachines,
  runUntilNoBackoff,
  TEST_WORKER,
} from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

const MACHINES = 200;
const POLICY: BackoffPolicy = { initialMs: 60_000, exponent: 2, maximumMs: 150_000 };

/** Attempts of machine `index` that fail before one succeeds: 30% of machines fail 1 to 3 times. */
const failuresOf = (index: number) => (index % 10 < 3 ? (index % 3) + 1 : 0);

/** The history one machine must have: (Started, Failed) per failure, then Started, Finished. */
function expectedEvents(index: number): string[] {
  const failures = Array.from({ length: failuresOf(index) }, () => ['Started', 'Failed']).flat();
  return [...failures, 'Started', 'Finished'];
}

/** The backoff intervals the policy gives to `count` failures in a row. */
function intervals(count: number): number[] {
  const result: number[] = [];
  let last: number | undefined;
  for (let i = 0; i < count; i++) {
    last = nextBackoffMs(POLICY, last);
    result.push(last);
  }
  return result;
}

describeEachStore('a worker over a fleet', (open) => {
  it('finishes every machine exactly once, failing and backing off as the policy says', async () => {
    const { engine, clock } = await open();
    const ids = await provideMachines(engine, MACHINES);
    const attempts = new Map<number, number>();
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 4,
      backoff: POLICY,
      sessionIntervalMs: 3_600_000,
      handle: async (work) => {
        const index = indexOf(work.machine.tags);
        const attempt = (attempts.get(index) ?? 0) + 1;
        attempts.set(index, attempt);
        if (attempt <= failuresOf(index)) throw new Error(`attempt ${attempt} of machine ${index} failed`);
        return { setTags: { AgentStarted: { attempt } } };
      },
    });
    await runUntilNoBackoff(engine, clock, worker);

    const history = await readAllHistory(engine);
    expect(checkExclusivity(history)).toEqual({ ok: true, problems: [] });
    const byMachine = eventsByMachine(history);
    let totalFailures = 0;
    for (const [index, id] of ids.entries()) {
      const events = byMachine.get(id) ?? [];
      expect(events.map((event) => event.event)).toEqual(expectedEvents(index));
      const failed = events.filter((event) => event.event === 'Failed');
      totalFailures += failed.length;
      expect(failed.map((event) => event.cause)).toEqual(
        failed.map((_, i) => `attempt ${i + 1} of machine ${index} failed`),
      );
      // Each retry started exactly when the backoff the policy gives ended.
      const waits = failed.map((event, i) => (events[2 * i + 2] as HistoryEvent).at - event.at);
      expect(waits).toEqual(intervals(failed.length));
      const machine = await engine.machine(id);
      expect(machine?.tags.AgentStarted?.value).toEqual({ attempt: failuresOf(index) + 1 });
    }
    expect(totalFailures).toBe(ids.reduce((sum, _, index) => sum + failuresOf(index), 0));
    expect(await engine.backoffs()).toEqual([]);
    expect(await engine.activeWork()).toEqual([]);
    expect(worker.stats()).toMatchObject({
      inFlight: 0,
      claimed: MACHINES + totalFailures,
      finished: MACHINES,
      failed: totalFailures,
      canceled: 0,
      lost: 0,
      sessionsStarted: 1,
      storeErrors: 0,
    });
  });
});
