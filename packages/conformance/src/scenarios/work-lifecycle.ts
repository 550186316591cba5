import { AlreadyDoneError, ClosedError, type Json, ValidationError } from '@tagout/core';
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

    it('finish and fail after session.close() reject with ClosedError and change nothing', async () => {
      const t = await useTestEngine(options);
      const [a, b] = [await t.engine.createMachine(), await t.engine.createMachine()];
      const session = await t.session();
      const first = await session.work('Install', { machineId: a.id });
      const second = await session.work('Install', { machineId: b.id });
      await session.close();
      const closed = await readState(t.engine);

      const finished = await rejection(first.finish({ setTags: { Installed: true } }));
      const failed = await rejection(second.fail('too late', { initialMs: 60_000 }));

      expect(finished).toBeInstanceOf(ClosedError);
      expect(failed).toBeInstanceOf(ClosedError);
      expect((finished as Error).message).toContain('nothing was applied');
      expect([first.done, second.done]).toEqual([true, true]);
      expect(await rejection(first.finish())).toBeInstanceOf(AlreadyDoneError);
      await second.cancel();
      expect(await readState(t.engine)).toStrictEqual(closed);
      expect(closed.history.map((e) => e.event)).toEqual(['Started', 'Started', 'Canceled', 'Canceled']);
    });

    it('finish after engine.close() rejects with ClosedError', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session();
      const work = await session.work('AgentStart', { machineId: machine.id });
      await t.engine.close();

      expect(await rejection(work.finish({ setTags: { AgentStarted: true } }))).toBeInstanceOf(ClosedError);
      expect(await rejection(work.fail('late'))).toBeInstanceOf(AlreadyDoneError);
    });

    it('a refused commit leaves the work held: it can still be failed', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session();
      const work = await session.work('AgentStart', { machineId: machine.id });

      const refused = await rejection(work.finish({ Done: true } as { setTags?: Record<string, Json> }));

      expect(refused).toBeInstanceOf(ValidationError);
      expect(work.done).toBe(false);
      expect(await t.engine.activeWork()).toHaveLength(1);
      await work.fail('handler returned { Done: true }', { initialMs: 60_000 });
      expect((await t.engine.history()).map((e) => e.event)).toEqual(['Started', 'Failed']);
      expect(await t.engine.machine(machine.id)).toMatchObject({ tags: {} });
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

    it('a finish sets its tags, then deletes the named ones (a name in both is gone), with or without a backoff to clear', async () => {
      const t = await useTestEngine(options);
      const session = await t.session();
      for (const backedOff of [false, true]) {
        const created = await t.engine.createMachine({ tags: { A: 1, B: 2, C: 3 } });
        if (backedOff) {
          await (await session.work('AgentStart', { machineId: created.id })).fail('first try');
          const backoff = (await t.engine.backoffs()).find((one) => one.machineId === created.id);
          t.clock.set(backoff?.until ?? t.clock.now());
        }
        const work = await session.work('AgentStart', { machineId: created.id });
        t.clock.advance(1_000);
        await work.finish({ setTags: { A: 10, B: 20, D: 4 }, deleteTags: ['B', 'C'] });
        const finishedAt = t.clock.now();
        const machine = await t.engine.machine(created.id);
        expect(machine?.tags).toStrictEqual({
          A: { value: 10, updatedAt: finishedAt },
          D: { value: 4, updatedAt: finishedAt },
        });
        expect((await t.engine.backoffs()).filter((one) => one.machineId === created.id)).toEqual([]);
      }
    });
  });
}
