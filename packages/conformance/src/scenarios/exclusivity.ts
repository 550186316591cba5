import { WorkConflictError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { checkExclusivity } from '../check-exclusivity.js';
import { type ConformanceOptions, rejection, useTestEngine } from '../harness.js';

/** Exclusive work: conflicts, coexistence, takeover of expired work, fencing tokens. */
export function describeExclusivity(options: ConformanceOptions): void {
  describe('work exclusivity', () => {
    it('a second claim on a held pair conflicts; another process coexists; an exclusive one conflicts', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const [one, two] = [await t.session(), await t.session()];
      const held = await one.work('Recovery', { machineId: machine.id });

      const sameProcess = await rejection(two.work('Recovery', { machineId: machine.id }));
      expect(sameProcess).toBeInstanceOf(WorkConflictError);
      expect(sameProcess).toMatchObject({ machineId: machine.id, heldProcess: 'Recovery' });
      expect(await rejection(one.work('Recovery', { machineId: machine.id }))).toBeInstanceOf(
        WorkConflictError,
      );
      const exclusive = await rejection(two.work('Install', { machineId: machine.id }));
      expect(exclusive).toBeInstanceOf(WorkConflictError);
      expect(exclusive).toMatchObject({ heldProcess: 'Recovery' });
      expect(await two.work('Install', { where: { has: 'nothing-here' } })).toBeNull();
      expect(await two.work('Install', { where: { lacks: 'x' } })).toBeNull();

      const coexisting = await two.work('AgentStart', { machineId: machine.id });
      expect((await t.engine.activeWork()).map((w) => [w.process, w.token, w.sessionId])).toEqual([
        ['Recovery', held.token, one.id],
        ['AgentStart', coexisting.token, two.id],
      ]);
      await held.finish();
      expect((await two.work('Install', { machineId: machine.id })).process).toBe('Install');
      expect(checkExclusivity(await t.engine.history()).problems).toEqual([]);
    });

    it('a claim by id blocked by two exclusive processes at once names the first of them by name', async () => {
      // Repair and Audit each exclude Scan, not each other: both can hold one machine at once.
      const t = await useTestEngine(options, {
        processes: ['Scan', 'Repair', 'Audit'],
        exclusive: [
          ['Scan', 'Repair'],
          ['Scan', 'Audit'],
        ],
      });
      const machine = await t.engine.createMachine();
      const session = await t.session();
      await session.work('Repair', { machineId: machine.id });
      await session.work('Audit', { machineId: machine.id });

      const conflict = await rejection(session.work('Scan', { machineId: machine.id }));
      expect(conflict).toBeInstanceOf(WorkConflictError);
      expect(conflict).toMatchObject({ machineId: machine.id, heldProcess: 'Audit' });
    });

    it('Store.claim by id names the process itself when it holds the machine, else the first blocker in `blockers` (name) order', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session();
      const claim = (process: string, blockers: readonly string[]) =>
        t.store.claim({
          sessionId: session.id,
          process,
          blockers,
          target: { machineId: machine.id },
          now: t.clock.now(),
        });
      // Held at once, as engines that disagree on exclusive groups can leave a machine; claimed
      // neither in name order nor in the order of any answer below.
      for (const process of ['Recovery', 'Install', 'AgentStart']) {
        expect(await claim(process, [process])).toMatchObject({ ok: true });
      }
      const conflict = (process: string) => ({ ok: false, reason: 'conflict', process });

      expect(await claim('Recovery', ['AgentStart', 'Install', 'Recovery'])).toEqual(conflict('Recovery'));
      expect(await claim('Install', ['AgentStart', 'Install', 'Recovery'])).toEqual(conflict('Install'));
      expect(await claim('Check', ['AgentStart', 'Check', 'Install', 'Recovery'])).toEqual(
        conflict('AgentStart'),
      );
      expect(await claim('Check', ['Check', 'Install', 'Recovery'])).toEqual(conflict('Install'));
    });

    it('work of an expired holder is reclaimed: Expired (old session, old token) before the new Started', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const old = await t.session({ intervalMs: 10_000 });
      const lost = await old.work('Install', { machineId: machine.id });
      t.clock.advance(10_000);
      expect(await t.engine.activeWork()).toEqual([]);

      const fresh = await t.session();
      const work = await fresh.work('Install', { machineId: machine.id });

      const now = t.clock.now();
      expect((await t.engine.history()).slice(1)).toStrictEqual([
        {
          id: expect.any(String),
          machineId: machine.id,
          process: 'Install',
          event: 'Expired',
          at: now,
          sessionId: old.id,
          token: lost.token,
        },
        {
          id: expect.any(String),
          machineId: machine.id,
          process: 'Install',
          event: 'Started',
          at: now,
          sessionId: fresh.id,
          token: work.token,
        },
      ]);
      expect(await t.engine.activeWork()).toStrictEqual([
        { machineId: machine.id, process: 'Install', sessionId: fresh.id, token: work.token, startedAt: now },
      ]);
    });

    it('a claim by filter also takes over expired work', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine({ tags: { Provided: true } });
      const old = await t.session({ intervalMs: 1_000 });
      await old.work('AgentStart', { where: { has: 'Provided' } });
      t.clock.advance(1_000);
      const work = await (await t.session()).work('AgentStart', { where: { has: 'Provided' } });
      expect(work?.machine.id).toBe(machine.id);
      expect((await t.engine.history()).map((e) => e.event)).toEqual(['Started', 'Expired', 'Started']);
    });

    it('fencing tokens strictly increase across pairs, sessions and outcomes', async () => {
      const t = await useTestEngine(options);
      const machines = [await t.engine.createMachine(), await t.engine.createMachine()];
      const session = await t.session();
      const tokens: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const machine of machines) {
          for (const process of ['AgentStart', 'Install'] as const) {
            const work = await session.work(process, { machineId: machine.id });
            tokens.push(work.token);
            if (round === 1) await work.fail('retry', { initialMs: 0 });
            else await work.finish();
          }
        }
        t.clock.advance(1_000);
      }
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1] as number);
      expect(checkExclusivity(await t.engine.history())).toEqual({ ok: true, problems: [] });
    });
  });
}
