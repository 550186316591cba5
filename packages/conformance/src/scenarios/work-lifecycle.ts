import { AlreadyDoneError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, readState, rejection, useTestEngine } from '../harness.js';

/** One work item from claim to outcome: one-shot outcomes, async dispose, the machine snapshot. */
export function describeWorkLifecycle(options: ConformanceOptions): void {
  describe('work lifecycle', () => {
    it('finish twice is AlreadyDoneError; fail after finish too; cancel after finish is a no-op', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session();
      const work = await session.work('AgentStart', { machineId: machine.id });
      await work.finish({ setTags: { AgentStarted: { publicKey: 'k' } } });
      expect(work.done).toBe(true);
      const after = await readState(t.engine);

      expect(await rejection(work.finish())).toBeInstanceOf(AlreadyDoneError);
      expect(await rejection(work.fail('too late'))).toBeInstanceOf(AlreadyDoneError);
      await work.cancel();
      expect(await readState(t.engine)).toStrictEqual(after);
      expect(after.history.map((e) => e.event)).toEqual(['Started', 'Finished']);
    });

    it('cancel releases the pair with a Canceled event; a second cancel does nothing', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session();
      const work = await session.work('Recovery', { machineId: machine.id });
      await work.cancel();
      await work.cancel();
      expect(await rejection(work.finish())).toBeInstanceOf(AlreadyDoneError);
      expect((await t.engine.history()).map((e) => [e.event, e.token, e.sessionId])).toEqual([
        ['Started', work.token, session.id],
        ['Canceled', work.token, session.id],
      ]);
      expect(await t.engine.activeWork()).toEqual([]);
    });

    it('await using a work item cancels it unless done', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session();
      {
        await using work = await session.work('Install', { machineId: machine.id });
        expect(work.done).toBe(false);
      }
      {
        await using work = await session.work('Install', { machineId: machine.id });
        await work.finish();
      }
      expect((await t.engine.history()).map((e) => e.event)).toEqual([
        'Started',
        'Canceled',
        'Started',
        'Finished',
      ]);
      expect(t.reported).toEqual([]);
    });

    it('work.machine holds the tags as of the claim', async () => {
      const t = await useTestEngine(options);
      const created = await t.engine.createMachine({
        tags: { Provided: { provider: 'p', providerId: 'x1' } },
      });
      const claimedAt = t.clock.now();
      const session = await t.session();
      const work = await session.work('AgentStart', { machineId: created.id });
      t.clock.advance(5_000);
      await t.engine.setTags(created.id, { Provided: 'changed', HardwareReport: [1, 2] });

      expect(work.machine).toStrictEqual({
        id: created.id,
        createdAt: claimedAt,
        tags: { Provided: { value: { provider: 'p', providerId: 'x1' }, updatedAt: claimedAt } },
      });
      expect(work.startedAt).toBe(claimedAt);
      expect(work.sessionId).toBe(session.id);
      expect(work.process).toBe('AgentStart');
    });
  });
}
