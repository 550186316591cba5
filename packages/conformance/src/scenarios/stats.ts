import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, useTestEngine } from '../harness.js';

/** engine.stats(): the counts dashboards and metrics read, judged at now. */
export function describeStats(options: ConformanceOptions): void {
  describe('stats', () => {
    it('counts machines, machines per tag, live work and active backoffs per process', async () => {
      const t = await useTestEngine(options);
      const empty = await t.engine.stats();
      expect(empty).toEqual({
        machines: 0,
        liveWork: { AgentStart: 0, Recovery: 0, Install: 0 },
        activeBackoffs: { AgentStart: 0, Recovery: 0, Install: 0 },
        tags: {},
      });

      const a = await t.engine.createMachine({ tags: { Provided: true, Rack: 'r1' } });
      const b = await t.engine.createMachine({ tags: { Provided: true } });
      await t.engine.createMachine();
      const session = await t.session({ intervalMs: 10_000 });
      await session.work('AgentStart', { machineId: a.id });
      await session.work('Recovery', { machineId: a.id });
      const failing = await session.work('AgentStart', { machineId: b.id });
      await failing.fail('no power', { initialMs: 60_000 });

      expect(await t.engine.stats()).toEqual({
        machines: 3,
        liveWork: { AgentStart: 1, Recovery: 1, Install: 0 },
        activeBackoffs: { AgentStart: 1, Recovery: 0, Install: 0 },
        tags: { Provided: 2, Rack: 1 },
      });

      t.clock.advance(60_000);
      const later = await t.engine.stats();
      expect(later.liveWork).toEqual({ AgentStart: 0, Recovery: 0, Install: 0 });
      expect(later.activeBackoffs).toEqual({ AgentStart: 0, Recovery: 0, Install: 0 });
    });
  });
}
