import { expect, it } from 'vitest';
import { provideMachines } from '../../runner/test/support/fleet.js';
import { type CallCounts, countingStore, failingStore } from '../../runner/test/support/store-wrappers.js';
import { describeEachStore } from '../../runner/test/support/test-engine.js';
import { collectMetrics } from '../src/index.js';
import { samples, scrape } from './support.js';

describeEachStore('the gauges', (open) => {
  it('come from one stats query per scrape and match the store', async () => {
    const calls: CallCounts = new Map();
    const { engine } = await open({ wrap: (store) => countingStore(store, calls) });
    const { registry } = collectMetrics(engine);
    const [held = '', failed = '', done = ''] = await provideMachines(engine, 5);
    const session = await engine.startSession({ component: 'provisioner', heartbeat: false });
    await session.work('AgentStart', { machineId: held });
    await (await session.work('AgentStart', { machineId: failed })).fail('no BMC');
    await (await session.work('Recovery', { machineId: done })).finish({ setTags: { Recovered: true } });

    await registry.metrics();
    expect(calls.get('stats')).toBe(1);
    await registry.getMetricsAsJSON();
    expect(calls.get('stats')).toBe(2);

    expect(await samples(registry, 'tagout_machines')).toEqual({ '{}': 5 });
    expect(await samples(registry, 'tagout_live_work')).toEqual({
      '{process="AgentStart"}': 1,
      '{process="Recovery"}': 0,
    });
    expect(await samples(registry, 'tagout_active_backoffs')).toEqual({
      '{process="AgentStart"}': 1,
      '{process="Recovery"}': 0,
    });
    expect(await samples(registry, 'tagout_machines_with_tag')).toEqual({
      '{tag="Provided"}': 5,
      '{tag="Recovered"}': 1,
    });
  });

  it('have no samples (machines: NaN) when the store cannot answer, and the failure is counted', async () => {
    const { engine } = await open({ wrap: (store) => failingStore(store, 'stats', 1) });
    const { registry } = collectMetrics(engine);
    await provideMachines(engine, 2);

    const failed = await scrape(registry);
    expect(failed('tagout_machines')).toEqual({ '{}': Number.NaN });
    expect(failed('tagout_live_work')).toEqual({});
    // Counters are read as the scrape begins, so the failure shows from the next scrape on.
    const next = await scrape(registry);
    expect(next('tagout_store_errors_total')).toEqual({ '{operation="stats"}': 1 });
    expect(next('tagout_machines')).toEqual({ '{}': 2 });
  });
});
