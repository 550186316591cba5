import { type Session, type Work, WorkLostError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, readState, rejection, type TestEngine, useTestEngine } from '../harness.js';

/** A holder whose session dies while it works on a machine tagged `Step: 1`. */
async function zombie(options: ConformanceOptions): Promise<{ t: TestEngine; holder: Session; work: Work }> {
  const t = await useTestEngine(options);
  const machine = await t.engine.createMachine({ tags: { Step: 1 } });
  const holder = await t.session({ intervalMs: 10_000 });
  const earlier = await holder.work('Install', { machineId: machine.id });
  await earlier.fail('first try', { initialMs: 1_000 });
  t.clock.advance(1_000);
  const work = await holder.work('Install', { machineId: machine.id });
  t.clock.advance(10_000);
  return { t, holder, work };
}

/** P7: a holder whose session expired, or whose pair was taken over, never commits. */
export function describeZombies(options: ConformanceOptions): void {
  describe('zombies never commit', () => {
    it('(a) session expired: finish and fail reject with WorkLostError and change nothing', async () => {
      const { t, work } = await zombie(options);
      const before = await readState(t.engine);

      expect(await rejection(work.finish({ setTags: { Step: 2 }, deleteTags: ['Step'] }))).toBeInstanceOf(
        WorkLostError,
      );
      expect(await readState(t.engine)).toStrictEqual(before);
      expect((await t.engine.machine(work.machine.id))?.tags.Step?.value).toBe(1);
    });

    it('(a) session expired: fail rejects with WorkLostError and leaves the backoff as it was', async () => {
      const { t, work } = await zombie(options);
      const before = await readState(t.engine);
      expect(await rejection(work.fail('late failure', { initialMs: 600_000 }))).toBeInstanceOf(
        WorkLostError,
      );
      expect(await readState(t.engine)).toStrictEqual(before);
    });

    it.each(['finish', 'fail'] as const)(
      '(b) taken over after expiry: %s of the old holder rejects with WorkLostError, the new holder commits',
      async (outcome) => {
        const { t, holder, work } = await zombie(options);
        const rescuer = await t.session();
        const taken = await rescuer.work('Install', { machineId: work.machine.id });
        expect(holder.expired).toBe(false);
        const before = await readState(t.engine);
        expect(before.history.map((e) => e.event)).toEqual([
          'Started',
          'Failed',
          'Started',
          'Expired',
          'Started',
        ]);

        const late =
          outcome === 'finish' ? work.finish({ setTags: { Step: 'zombie' } }) : work.fail('zombie');
        expect(await rejection(late)).toBeInstanceOf(WorkLostError);
        await work.cancel();
        expect(await readState(t.engine)).toStrictEqual(before);

        await taken.finish({ setTags: { Step: 2 } });
        expect((await t.engine.machine(work.machine.id))?.tags.Step?.value).toBe(2);
        expect(await t.engine.backoffs()).toEqual([]);
      },
    );
  });
}
