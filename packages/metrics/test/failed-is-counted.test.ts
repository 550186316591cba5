import { expect, it } from 'vitest';
import { provideMachines } from '../../runner/test/support/fleet.js';
import { describeEachStore } from '../../runner/test/support/test-engine.js';
import { collectMetrics } from '../src/index.js';
import { scrape } from './support.js';

describeEachStore('metrics of a failure', (open) => {
  it('count it by process and observe its duration', async () => {
    const { engine, events } = await open();
    const { registry } = collectMetrics(engine);
    const [id = ''] = await provideMachines(engine, 1);
    const session = await engine.startSession({ component: 'provisioner', heartbeat: false });
    const backoff = await (await session.work('AgentStart', { machineId: id })).fail('no BMC');

    expect(events.failed).toEqual([
      expect.objectContaining({ machineId: id, cause: 'no BMC', until: backoff.until }),
    ]);
    const metrics = await scrape(registry);
    expect(metrics('tagout_work_failed_total')['{process="AgentStart"}']).toBe(1);
    expect(metrics('tagout_work_duration_seconds')['_count{outcome="failed",process="AgentStart"}']).toBe(1);
  });
});
