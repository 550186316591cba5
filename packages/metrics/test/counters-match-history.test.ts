import type { HistoryEvent } from '@tagout/core';
import { runWorker } from '@tagout/runner';
import { expect, it } from 'vitest';
import { indexOf, provideMachines, runUntilNoBackoff, TEST_WORKER } from '../../runner/test/support/fleet.js';
import { describeEachStore } from '../../runner/test/support/test-engine.js';
import { collectMetrics } from '../src/index.js';
import { samples } from './support.js';

const MACHINES = 40;

describeEachStore('metrics after a run', (open) => {
  it('count exactly the transitions the history records', async () => {
    const { engine, clock } = await open();
    const { registry } = collectMetrics(engine);
    await provideMachines(engine, MACHINES);
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 4,
      sessionIntervalMs: 3_600_000,
      backoff: { initialMs: 60_000 },
      handle: async (work) => {
        // Machines with an index divisible by 3 fail their first attempt.
        if (indexOf(work.machine.tags) % 3 === 0 && work.machine.tags.Tried === undefined) {
          await engine.setTags(work.machine.id, { Tried: true });
          throw new Error('first attempt fails');
        }
        return { setTags: { AgentStarted: true } };
      },
    });
    await runUntilNoBackoff(engine, clock, worker);

    const history = await engine.history();
    const count = (event: HistoryEvent['event']) => history.filter((entry) => entry.event === event).length;
    const agentStart = '{process="AgentStart"}';
    expect(count('Failed')).toBe(14);
    expect(await samples(registry, 'tagout_work_claimed_total')).toEqual({
      [agentStart]: count('Started'),
      '{process="Recovery"}': 0,
    });
    expect((await samples(registry, 'tagout_work_finished_total'))[agentStart]).toBe(count('Finished'));
    expect((await samples(registry, 'tagout_work_failed_total'))[agentStart]).toBe(count('Failed'));
    expect((await samples(registry, 'tagout_work_canceled_total'))[agentStart]).toBe(count('Canceled'));
    expect((await samples(registry, 'tagout_work_expired_total'))[agentStart]).toBe(0);
    const durations = await samples(registry, 'tagout_work_duration_seconds');
    expect(durations['_count{outcome="finished",process="AgentStart"}']).toBe(count('Finished'));
    expect(durations['_count{outcome="failed",process="AgentStart"}']).toBe(count('Failed'));
    const latencies = await samples(registry, 'tagout_claim_latency_seconds');
    expect(latencies['_count{process="AgentStart"}']).toBe(count('Started'));

    const text = await registry.metrics();
    expect(text).toContain(`tagout_work_finished_total{process="AgentStart"} ${MACHINES}`);
    expect(text).toContain('# TYPE tagout_work_duration_seconds histogram');
  });
});
