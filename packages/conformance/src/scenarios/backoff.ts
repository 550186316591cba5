import { BackedOffError, type BackoffPolicy, type Engine, type Session } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, rejection, type TestEngine, useTestEngine } from '../harness.js';

const GROWING: BackoffPolicy = { initialMs: 60_000, exponent: 1.1, maximumMs: 120_000 };

/** Claims the pair, fails it with `policy` and `cause`, and returns `until - now` in seconds. */
async function failOnce(
  t: TestEngine,
  session: Session,
  machineId: string,
  policy?: BackoffPolicy,
  cause = 'still broken',
) {
  const work = await session.work('Install', { machineId });
  const backoff = await work.fail(cause, policy);
  return (backoff.until - t.clock.now()) / 1000;
}

/** Moves the clock to the end of the pair's backoff. */
async function waitOut(t: TestEngine, engine: Engine, machineId: string): Promise<void> {
  const [backoff] = await engine.backoffs({ machineId, process: 'Install' });
  if (backoff !== undefined && backoff.until > t.clock.now()) t.clock.set(backoff.until);
}

/** Backoff: fail, the lockout, its end, finish and cancel, exponential growth, jitter. */
export function describeBackoff(options: ConformanceOptions): void {
  describe('backoff', () => {
    it('fail puts the pair into backoff: a claim by id is refused with until and cause, a filter skips it', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine({ tags: { Provided: 1 } });
      const session = await t.session({ intervalMs: 600_000 });
      const work = await session.work('Install', { machineId: machine.id });
      const failedAt = t.clock.now();
      const backoff = await work.fail(new Error('disk on fire'), { initialMs: 60_000 });
      expect(backoff).toStrictEqual({
        machineId: machine.id,
        process: 'Install',
        until: failedAt + 60_000,
        cause: 'disk on fire',
        lastIntervalMs: 60_000,
        active: true,
      });

      t.clock.advance(59_999);
      const refused = await rejection(session.work('Install', { machineId: machine.id }));
      expect(refused).toBeInstanceOf(BackedOffError);
      expect(refused).toMatchObject({ until: failedAt + 60_000, cause: 'disk on fire' });
      expect(await session.work('Install', { where: { has: 'Provided' } })).toBeNull();
      expect(await t.engine.backoffs({ activeOnly: true })).toHaveLength(1);
      expect((await session.work('AgentStart', { where: { has: 'Provided' } }))?.machine.id).toBe(machine.id);

      t.clock.advance(1);
      expect(await t.engine.backoffs({ activeOnly: true })).toEqual([]);
      expect(await t.engine.backoffs()).toStrictEqual([{ ...backoff, active: false }]);
      const again = await session.work('Install', { where: { has: 'Provided' } });
      expect(again?.machine.id).toBe(machine.id);
      const history = await t.engine.history({ process: 'Install' });
      expect(history.map((e) => [e.event, e.cause])).toEqual([
        ['Started', undefined],
        ['Failed', 'disk on fire'],
        ['Started', undefined],
      ]);
    });

    it('finish clears the backoff; cancel keeps it', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 600_000 });
      await failOnce(t, session, machine.id, { initialMs: 5_000 });
      const [kept] = await t.engine.backoffs();
      t.clock.advance(5_000);

      await (await session.work('Install', { machineId: machine.id })).cancel();
      expect(await t.engine.backoffs()).toStrictEqual([{ ...kept, active: false }]);

      await (await session.work('Install', { machineId: machine.id })).finish();
      expect(await t.engine.backoffs()).toEqual([]);
    });

    it('a cause ending in "|" is kept exactly; finish then deletes the backoff, and stats and backoffs stay readable', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 600_000 });
      await failOnce(t, session, machine.id, { initialMs: 5_000 }, 'pipe failed |');
      expect(await t.engine.backoffs()).toMatchObject([{ cause: 'pipe failed |', active: true }]);
      t.clock.advance(5_000);

      await (await session.work('Install', { machineId: machine.id })).finish();
      expect(await t.engine.backoffs()).toEqual([]);
      expect((await t.engine.stats()).activeBackoffs).toEqual({ AgentStart: 0, Recovery: 0, Install: 0 });
      await t.engine.deleteMachine(machine.id);
      expect(await t.engine.backoffs({ process: 'Install' })).toEqual([]);
      expect((await t.engine.stats()).machines).toBe(0);
    });

    it('grows 60, 66, 73, 81, 90, 99, 109, 120, 120 s; cancel does not reset it, finish does', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 3_600_000 });
      const seconds: number[] = [];
      for (let i = 0; i < 9; i++) {
        seconds.push(await failOnce(t, session, machine.id, GROWING));
        await waitOut(t, t.engine, machine.id);
        if (i === 3) await (await session.work('Install', { machineId: machine.id })).cancel();
      }
      expect(seconds).toEqual([60, 66, 73, 81, 90, 99, 109, 120, 120]);

      await (await session.work('Install', { machineId: machine.id })).finish();
      expect(await failOnce(t, session, machine.id, GROWING)).toBe(60);
    });

    it('without a policy the last interval is reused (1 s when there is none)', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 3_600_000 });
      expect(await failOnce(t, session, machine.id)).toBe(1);
      await waitOut(t, t.engine, machine.id);
      expect(await failOnce(t, session, machine.id, { initialMs: 7_500 })).toBe(8);
      await waitOut(t, t.engine, machine.id);
      expect(await failOnce(t, session, machine.id)).toBe(8);
    });

    it('jitter stays within [interval × (1 − jitter), interval], whole seconds, and never changes the stored interval', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 3_600_000 });
      for (let i = 0; i < 12; i++) {
        const jitter = i % 2 === 0 ? true : 0.25;
        const delay = await failOnce(t, session, machine.id, { initialMs: 60_000, jitter });
        const low = jitter === true ? 30 : 45;
        expect(delay).toBeGreaterThanOrEqual(low);
        expect(delay).toBeLessThanOrEqual(60);
        expect(Number.isInteger(delay)).toBe(true);
        const [backoff] = await t.engine.backoffs();
        expect(backoff?.lastIntervalMs).toBe(60_000);
        await waitOut(t, t.engine, machine.id);
      }
    });
  });
}
