import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, useTestEngine } from '../harness.js';

/** BMDB's installation workflow: Provided machines get their agent started exactly once. */
export function describeInstallation(options: ConformanceOptions): void {
  describe('installation workflow', () => {
    it('AgentStart claims a Provided machine, finish tags it AgentStarted, then it is no longer eligible', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine({
        tags: { Provided: { provider: 'equinix', providerId: 'x' } },
      });
      await t.engine.createMachine();
      const where = { and: [{ has: 'Provided' }, { lacks: 'AgentStarted' }] };
      const session = await t.session();

      const work = await session.work('AgentStart', { where });
      expect(work?.machine.id).toBe(machine.id);
      await work?.finish({ setTags: { AgentStarted: { publicKey: 'ed25519:abc' } } });

      expect(await session.work('AgentStart', { where })).toBeNull();
      const tagged = await t.engine.machine(machine.id);
      expect(tagged?.tags.AgentStarted).toStrictEqual({
        value: { publicKey: 'ed25519:abc' },
        updatedAt: t.clock.now(),
      });
      expect((await t.engine.history()).map((e) => [e.event, e.machineId, e.process])).toEqual([
        ['Started', machine.id, 'AgentStart'],
        ['Finished', machine.id, 'AgentStart'],
      ]);
    });
  });
}
