import { WorkLostError } from '@tagout/core';
import { expect, it } from 'vitest';
import { provideMachines } from '../../runner/test/support/fleet.js';
import { describeEachStore } from '../../runner/test/support/test-engine.js';
import { collectMetrics } from '../src/index.js';
import { samples } from './support.js';

describeEachStore('metrics of a dead session', (open) => {
  it('count the lost commit, the expired release and the expired session', async () => {
    const { engine, clock } = await open();
    const { registry } = collectMetrics(engine);
    const [first = '', second = ''] = await provideMachines(engine, 2);
    const session = await engine.startSession({
      component: 'provisioner',
      intervalMs: 1000,
      heartbeat: false,
    });
    const lost = await session.work('AgentStart', { machineId: first });
    const released = await session.work('AgentStart', { machineId: second });
    clock.advance(1001);
    await expect(lost.finish()).rejects.toBeInstanceOf(WorkLostError);
    await released.cancel();

    expect(await samples(registry, 'tagout_work_lost_total')).toEqual({
      '{process="AgentStart",reason="session-expired"}': 1,
      '{process="AgentStart",reason="taken-over"}': 0,
      '{process="Recovery",reason="session-expired"}': 0,
      '{process="Recovery",reason="taken-over"}': 0,
    });
    expect((await samples(registry, 'tagout_work_expired_total'))['{process="AgentStart"}']).toBe(1);
    expect(await samples(registry, 'tagout_session_expired_total')).toEqual({
      '{component="provisioner"}': 1,
    });
    expect((await engine.history()).filter((event) => event.event === 'Expired')).toHaveLength(1);
  });

  it('stop counting once closed, and leave the registry free for a new collector', async () => {
    const { engine } = await open();
    const metrics = collectMetrics(engine);
    metrics.close();
    await provideMachines(engine, 1);
    const session = await engine.startSession({ component: 'provisioner', heartbeat: false });
    await session.work('AgentStart', { where: { has: 'Provided' } });
    expect(await metrics.registry.metrics()).not.toContain('tagout_');
    const again = collectMetrics(engine, { registry: metrics.registry });
    expect(await samples(again.registry, 'tagout_work_claimed_total')).toEqual({
      '{process="AgentStart"}': 0,
      '{process="Recovery"}': 0,
    });
  });
});
