import {
  type BackoffPolicy,
  NotFoundError,
  OPERATOR_SESSION_ID,
  ValidationError,
  WorkConflictError,
} from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, readState, rejection, useTestEngine } from '../harness.js';

const GROWING: BackoffPolicy = { initialMs: 60_000, exponent: 1.1, maximumMs: 120_000 };

/** engine.clearBackoff: an operator's "retry now". */
export function describeClearBackoff(options: ConformanceOptions): void {
  describe('clearBackoff', () => {
    it('ends an active backoff: a claim starts the pair at once, and the kept interval still grows', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine({ tags: { Provided: true } });
      const session = await t.session({ intervalMs: 3_600_000 });
      const work = await session.work('Install', { machineId: machine.id });
      await work.fail('disk on fire', GROWING);
      t.clock.advance(5_000);

      const clearedAt = t.clock.now();
      expect(
        await t.engine.clearBackoff({ machineId: machine.id, process: 'Install', reason: 'disk replaced' }),
      ).toBe(true);

      expect(await t.engine.backoffs()).toStrictEqual([
        {
          machineId: machine.id,
          process: 'Install',
          until: clearedAt,
          cause: 'disk on fire',
          lastIntervalMs: 60_000,
          active: false,
        },
      ]);
      const again = await session.work('Install', { where: { has: 'Provided' } });
      expect(again?.machine.id).toBe(machine.id);
      const backoff = await again?.fail('still on fire', GROWING);
      expect(backoff?.until).toBe(t.clock.now() + 66_000);
      const history = await t.engine.history();
      expect(history.map((e) => e.event)).toEqual([
        'Started',
        'Failed',
        'BackoffCleared',
        'Started',
        'Failed',
      ]);
      expect(history[2]).toStrictEqual({
        id: expect.any(String),
        machineId: machine.id,
        process: 'Install',
        event: 'BackoffCleared',
        at: clearedAt,
        sessionId: OPERATOR_SESSION_ID,
        token: 0,
        cause: 'disk replaced',
      });
      // The operator's event has an id of its own, in its place in the history.
      expect(new Set(history.map((e) => e.id)).size).toBe(history.length);
      expect(await t.engine.history({ after: history[1]!.id, before: history[3]!.id })).toStrictEqual([
        history[2],
      ]);
    });

    it('resetInterval deletes the backoff: the next failure starts from the initial interval', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 3_600_000 });
      await (await session.work('Install', { machineId: machine.id })).fail('boom', GROWING);
      t.clock.advance(60_000);
      await (await session.work('Install', { machineId: machine.id })).fail('boom', GROWING);
      expect((await t.engine.backoffs())[0]?.lastIntervalMs).toBe(66_000);

      expect(
        await t.engine.clearBackoff({ machineId: machine.id, process: 'Install', resetInterval: true }),
      ).toBe(true);

      expect(await t.engine.backoffs()).toEqual([]);
      const cleared = (await t.engine.history()).at(-1);
      expect(cleared).toStrictEqual({
        id: expect.any(String),
        machineId: machine.id,
        process: 'Install',
        event: 'BackoffCleared',
        at: t.clock.now(),
        sessionId: OPERATOR_SESSION_ID,
        token: 0,
      });
      const backoff = await (await session.work('Install', { machineId: machine.id })).fail('boom', GROWING);
      expect(backoff.until - t.clock.now()).toBe(60_000);
    });

    it('without an active backoff it returns false and records nothing, unless resetInterval forgets an expired one', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const pair = { machineId: machine.id, process: 'Install' };
      expect(await t.engine.clearBackoff(pair)).toBe(false);
      const session = await t.session({ intervalMs: 3_600_000 });
      await (await session.work('Install', { machineId: machine.id })).fail('boom', { initialMs: 1_000 });
      t.clock.advance(1_000);
      const before = await readState(t.engine);

      expect(await t.engine.clearBackoff({ ...pair, reason: 'nothing to do' })).toBe(false);
      expect(await readState(t.engine)).toStrictEqual(before);

      expect(await t.engine.clearBackoff({ ...pair, resetInterval: true, reason: 'start over' })).toBe(false);
      expect(await t.engine.backoffs()).toEqual([]);
      expect((await t.engine.history()).map((e) => [e.event, e.cause])).toEqual([
        ['Started', undefined],
        ['Failed', 'boom'],
        ['BackoffCleared', 'start over'],
      ]);
      expect(await t.engine.clearBackoff({ ...pair, resetInterval: true })).toBe(false);
      expect(await t.engine.history()).toHaveLength(3);
    });

    it('leaves other pairs and live work alone: an exclusive holder still blocks the cleared pair', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 3_600_000 });
      await (await session.work('Install', { machineId: machine.id })).fail('boom', { initialMs: 60_000 });
      await (await session.work('AgentStart', { machineId: machine.id })).fail('bang', { initialMs: 60_000 });
      const recovery = await session.work('Recovery', { machineId: machine.id });
      const live = await t.engine.activeWork();

      expect(await t.engine.clearBackoff({ machineId: machine.id, process: 'Install' })).toBe(true);

      expect(await t.engine.activeWork()).toStrictEqual(live);
      expect((await t.engine.backoffs({ activeOnly: true })).map((b) => b.process)).toEqual(['AgentStart']);
      expect(await rejection(session.work('Install', { machineId: machine.id }))).toBeInstanceOf(
        WorkConflictError,
      );
      await recovery.finish();
      expect((await session.work('Install', { machineId: machine.id })).machine.id).toBe(machine.id);
    });

    it('refuses an unknown machine (NotFoundError) and bad input (ValidationError), changing nothing', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 3_600_000 });
      await (await session.work('Install', { machineId: machine.id })).fail('boom', { initialMs: 60_000 });
      const before = await readState(t.engine);
      const pair = { machineId: machine.id, process: 'Install' };

      const unknown = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
      expect(await rejection(t.engine.clearBackoff({ ...pair, machineId: unknown }))).toBeInstanceOf(
        NotFoundError,
      );
      for (const bad of [
        { ...pair, process: 'Nope' },
        { ...pair, machineId: 'm-1' },
        { ...pair, reason: '' },
        { ...pair, reason: '   ' },
        { ...pair, reason: 'x'.repeat(4097) },
        { ...pair, reason: 'nul \u0000' },
        { ...pair, reason: 42 },
        { ...pair, resetInterval: 'yes' },
        { ...pair, machine: machine.id },
      ]) {
        const error = await rejection(t.engine.clearBackoff(bad as never));
        expect(error, JSON.stringify(bad)).toBeInstanceOf(ValidationError);
      }
      expect(await readState(t.engine)).toStrictEqual(before);
    });
  });
}
