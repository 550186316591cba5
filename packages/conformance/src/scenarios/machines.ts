import { MachineBusyError, MachineExistsError, NotFoundError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, rejection, useTestEngine } from '../harness.js';

/** Machines and tags: create, tag, delete, and the history that outlives them. */
export function describeMachines(options: ConformanceOptions): void {
  describe('machines', () => {
    it('creates, tags and lists machines oldest first; a duplicate id is MachineExistsError', async () => {
      const t = await useTestEngine(options);
      const first = await t.engine.createMachine({ tags: { Provided: { provider: 'p' } } });
      t.clock.advance(1_000);
      const id = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
      const second = await t.engine.createMachine({ id: id.toUpperCase() });
      expect(second).toStrictEqual({ id, createdAt: t.clock.now(), tags: {} });
      expect(await rejection(t.engine.createMachine({ id }))).toBeInstanceOf(MachineExistsError);

      t.clock.advance(1_000);
      await t.engine.setTags(id, { HardwareReport: { cpus: 8 }, Provided: null });
      await t.engine.deleteTags(id, ['Provided', 'Absent']);
      expect(await t.engine.machines()).toStrictEqual([
        first,
        {
          id,
          createdAt: second.createdAt,
          tags: { HardwareReport: { value: { cpus: 8 }, updatedAt: t.clock.now() } },
        },
      ]);
      expect(await t.engine.machine(id)).toStrictEqual((await t.engine.machines())[1]);
      expect(await t.engine.machines({ limit: 1 })).toStrictEqual([first]);
    });

    it('history survives deleteMachine; tags and backoffs go', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine({ tags: { Provided: 1 } });
      const session = await t.session();
      await (await session.work('Install', { machineId: machine.id })).fail('broken', { initialMs: 60_000 });
      await (await session.work('AgentStart', { machineId: machine.id })).finish();
      const history = await t.engine.history();

      await t.engine.deleteMachine(machine.id);

      expect(await t.engine.machine(machine.id)).toBeNull();
      expect(await t.engine.backoffs()).toEqual([]);
      expect(await t.engine.history()).toStrictEqual(history);
      expect(await t.engine.history({ machineId: machine.id })).toHaveLength(4);
      expect(await rejection(t.engine.deleteMachine(machine.id))).toBeInstanceOf(NotFoundError);
      expect(await rejection(t.engine.setTags(machine.id, { a: 1 }))).toBeInstanceOf(NotFoundError);
      expect(await rejection(session.work('Install', { machineId: machine.id }))).toBeInstanceOf(
        NotFoundError,
      );
    });

    it('deleteMachine is refused with MachineBusyError while live work exists, and reaps expired work', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 10_000 });
      const work = await session.work('Recovery', { machineId: machine.id });

      expect(await rejection(t.engine.deleteMachine(machine.id))).toBeInstanceOf(MachineBusyError);
      expect(await t.engine.machine(machine.id)).not.toBeNull();

      t.clock.advance(10_000);
      await t.engine.deleteMachine(machine.id);
      expect(await t.engine.machine(machine.id)).toBeNull();
      expect((await t.engine.history()).map((e) => [e.event, e.token, e.sessionId])).toEqual([
        ['Started', work.token, session.id],
        ['Expired', work.token, session.id],
      ]);
    });
  });
}
