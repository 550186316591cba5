import { NotFoundError, openEngine, ValidationError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, PROCESSES, useTestEngine } from '../harness.js';

/**
 * The processes engines declare are recorded in the store, so an operator tool opens an engine
 * with `processes: 'discover'`. The extra engines below share the test engine's store object and
 * are not closed: closing one would close the store under the others (the test engine's disposal
 * closes it once).
 */
export function describeProcessDiscovery(options: ConformanceOptions): void {
  describe('process discovery', () => {
    it('records the processes of every engine opened (a union, with when each was last declared); discovery accepts exactly those', async () => {
      const t = await useTestEngine(options);
      const first = t.clock.now();
      expect(await t.store.knownProcesses()).toStrictEqual(
        [...PROCESSES].sort().map((name) => ({ name, declaredAt: first })),
      );

      t.clock.advance(5_000);
      await openEngine({ store: t.store, processes: ['Recovery', 'Audit'], clock: t.clock });
      await openEngine({ store: t.store, processes: ['Audit'], clock: t.clock });
      expect(await t.store.knownProcesses()).toStrictEqual([
        { name: 'AgentStart', declaredAt: first },
        { name: 'Audit', declaredAt: first + 5_000 },
        { name: 'Install', declaredAt: first },
        { name: 'Recovery', declaredAt: first + 5_000 },
      ]);

      const discovered = await openEngine({ store: t.store, processes: 'discover', clock: t.clock });
      expect(discovered.processes).toStrictEqual(['AgentStart', 'Audit', 'Install', 'Recovery']);
      const machine = await t.engine.createMachine();
      const auditor = await discovered.startSession({ component: 'auditor', heartbeat: false });
      await auditor.work('Audit', { machineId: machine.id });
      expect((await discovered.activeWork({ process: 'Audit' })).map((w) => w.machineId)).toEqual([
        machine.id,
      ]);
      await expect(discovered.history({ process: 'Unknown' })).rejects.toBeInstanceOf(ValidationError);
      expect((await discovered.stats()).liveWork).toStrictEqual({
        AgentStart: 0,
        Audit: 1,
        Install: 0,
        Recovery: 0,
      });
      await auditor.close();
      // Opening by discovery declares nothing.
      expect((await t.store.knownProcesses()).map((p) => p.name)).toEqual([
        'AgentStart',
        'Audit',
        'Install',
        'Recovery',
      ]);
    });

    it('discovery on a store where no engine declared processes is a NotFoundError, and closes the store', async () => {
      const store = await options.createStore();
      try {
        const error = await openEngine({ store, processes: 'discover' }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(NotFoundError);
        expect((error as NotFoundError).message).toContain('no engine has declared any');
      } finally {
        await store.close();
        await options.destroyStore?.(store);
      }
    });

    it('discovery takes exclusive groups of recorded processes, and refuses others', async () => {
      const t = await useTestEngine(options);
      const exclusive = [['Recovery', 'AgentStart']];
      const discovered = await openEngine({
        store: t.store,
        processes: 'discover',
        exclusive,
        clock: t.clock,
      });
      const machine = await t.engine.createMachine();
      const session = await discovered.startSession({ component: 'discovered', heartbeat: false });
      await session.work('Recovery', { machineId: machine.id });
      await expect(session.work('AgentStart', { machineId: machine.id })).rejects.toMatchObject({
        code: 'WORK_CONFLICT',
      });
      await session.close();

      const other = await options.createStore();
      const openOther = () =>
        openEngine({ store: other, processes: ['Install'], clock: t.clock }).then(() =>
          openEngine({ store: other, processes: 'discover', exclusive: [['Install', 'Audit']] }),
        );
      try {
        await expect(openOther()).rejects.toBeInstanceOf(ValidationError);
      } finally {
        await other.close();
        await options.destroyStore?.(other);
      }
    });
  });
}
