import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, useTestEngine } from '../harness.js';

/** engine.sessions: who is working, judged at now. */
export function describeSessionsListing(options: ConformanceOptions): void {
  describe('sessions listing', () => {
    it('lists sessions by (createdAt, id) with their component, runtime info, deadline, liveness and live work', async () => {
      const t = await useTestEngine(options);
      const [a, b] = [await t.engine.createMachine(), await t.engine.createMachine()];
      const start = t.clock.now();
      const worker = await t.engine.startSession({
        component: 'provisioner',
        runtimeInfo: 'host-1 pid 42',
        intervalMs: 60_000,
        heartbeat: false,
      });
      await worker.work('Install', { machineId: a.id });
      await worker.work('AgentStart', { machineId: b.id });
      await (await worker.work('Install', { machineId: b.id })).finish();
      t.clock.advance(1_000);
      const idle = await t.session({ intervalMs: 10_000 });
      const closed = await t.session();
      await closed.close();

      const expectedWorker = {
        id: worker.id,
        component: 'provisioner',
        runtimeInfo: 'host-1 pid 42',
        intervalMs: 60_000,
        createdAt: start,
        deadline: start + 60_000,
        alive: true,
        liveWork: 2,
      };
      const expectedIdle = {
        id: idle.id,
        component: 'conformance',
        runtimeInfo: '',
        intervalMs: 10_000,
        createdAt: start + 1_000,
        deadline: start + 11_000,
        alive: true,
        liveWork: 0,
      };
      expect(await t.engine.sessions()).toStrictEqual([expectedWorker, expectedIdle]);
      expect(await t.engine.sessions({ limit: 1 })).toStrictEqual([expectedWorker]);

      t.clock.advance(10_000);
      expect(await t.engine.sessions()).toStrictEqual([expectedWorker, { ...expectedIdle, alive: false }]);
      expect(await t.engine.sessions({ aliveOnly: true })).toStrictEqual([expectedWorker]);

      t.clock.advance(50_000);
      expect(await t.engine.sessions()).toStrictEqual([
        { ...expectedWorker, alive: false, liveWork: 0 },
        { ...expectedIdle, alive: false },
      ]);
      expect(await t.engine.sessions({ aliveOnly: true })).toEqual([]);
    });

    it('sessions started at one instant are ordered by id; the live work count follows claims and endings', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const sessions = [await t.session(), await t.session(), await t.session()];
      const ids = sessions.map((session) => session.id).sort();
      expect((await t.engine.sessions()).map((session) => session.id)).toEqual(ids);

      const [first] = sessions;
      const work = await first!.work('Install', { machineId: machine.id });
      const count = async () => (await t.engine.sessions()).find((s) => s.id === first!.id)?.liveWork;
      expect(await count()).toBe(1);
      await work.fail('boom');
      expect(await count()).toBe(0);
      t.clock.advance(1_000);
      await (await first!.work('Install', { machineId: machine.id })).cancel();
      expect(await count()).toBe(0);
      await first!.work('Install', { machineId: machine.id });
      expect(await count()).toBe(1);
      await first!.close();
      expect((await t.engine.sessions()).map((session) => session.id)).toEqual(
        ids.filter((id) => id !== first!.id),
      );
    });
  });
}
