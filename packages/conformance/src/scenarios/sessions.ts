import { ClosedError, SessionExpiredError, WorkLostError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, rejection, useTestEngine } from '../harness.js';

/** Sessions: expiry, heartbeat, close, async dispose. */
export function describeSessions(options: ConformanceOptions): void {
  describe('sessions', () => {
    it('a session past its deadline rejects every call and aborts its signal', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 10_000 });
      expect(session.deadline).toBe(t.clock.now() + 10_000);

      t.clock.advance(10_000);

      expect(await rejection(session.work('Install', { machineId: machine.id }))).toBeInstanceOf(
        SessionExpiredError,
      );
      expect(session.expired).toBe(true);
      expect(session.signal.aborted).toBe(true);
      expect(await rejection(session.heartbeat())).toBeInstanceOf(SessionExpiredError);
      expect(await rejection(session.work('Install', { where: { has: 'x' } }))).toBeInstanceOf(
        SessionExpiredError,
      );
      expect(await t.engine.history()).toEqual([]);
    });

    it('heartbeat() on an expired session is the first call to notice', async () => {
      const t = await useTestEngine(options);
      const session = await t.session({ intervalMs: 10_000 });
      t.clock.advance(20_000);
      expect(session.expired).toBe(false);
      expect(await rejection(session.heartbeat())).toBeInstanceOf(SessionExpiredError);
      expect(session.expired).toBe(true);
      expect(session.signal.aborted).toBe(true);
    });

    it('heartbeat extends the deadline by the interval', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 10_000 });
      t.clock.advance(9_000);
      await session.heartbeat();
      expect(session.deadline).toBe(t.clock.now() + 10_000);
      t.clock.advance(9_000);

      const work = await session.work('Install', { machineId: machine.id });
      expect(session.expired).toBe(false);
      await work.finish();
      expect((await t.engine.history()).map((e) => e.event)).toEqual(['Started', 'Finished']);
    });

    it('close() releases its work with Canceled events and ends the session', async () => {
      const t = await useTestEngine(options);
      const [a, b] = [await t.engine.createMachine(), await t.engine.createMachine()];
      const session = await t.session();
      const first = await session.work('Install', { machineId: a.id });
      const second = await session.work('AgentStart', { machineId: b.id });

      await session.close();

      expect(session.expired).toBe(true);
      expect(session.signal.aborted).toBe(true);
      expect(await t.engine.activeWork()).toEqual([]);
      const released = (await t.engine.history()).filter((e) => e.event === 'Canceled');
      expect(released.map((e) => [e.machineId, e.token, e.sessionId]).sort()).toEqual(
        [
          [a.id, first.token, session.id],
          [b.id, second.token, session.id],
        ].sort(),
      );
      expect(await rejection(session.heartbeat())).toBeInstanceOf(ClosedError);
      const other = await t.session();
      expect((await other.work('Install', { machineId: a.id })).machine.id).toBe(a.id);
    });

    it('after close(), work and heartbeat reject with ClosedError, not SessionExpiredError', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine({ tags: { Provided: true } });
      const session = await t.session();
      await session.close();

      expect(session.closed).toBe(true);
      expect(await rejection(session.heartbeat())).toBeInstanceOf(ClosedError);
      expect(await rejection(session.work('Install', { machineId: machine.id }))).toBeInstanceOf(ClosedError);
      expect(await rejection(session.work('Install', { where: { has: 'Provided' } }))).toBeInstanceOf(
        ClosedError,
      );
      // Past the deadline it is still closed, not expired: the caller ended it.
      t.clock.advance(60_000);
      expect(await rejection(session.heartbeat())).toBeInstanceOf(ClosedError);
      expect(await t.engine.history()).toEqual([]);
    });

    it('engine.close() closes its sessions: their calls reject with ClosedError', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session();
      await t.engine.close();

      expect(session.closed).toBe(true);
      expect(await rejection(session.heartbeat())).toBeInstanceOf(ClosedError);
      expect(await rejection(session.work('Install', { machineId: machine.id }))).toBeInstanceOf(ClosedError);
      expect(await rejection(t.engine.startSession({ component: 'late' }))).toBeInstanceOf(ClosedError);
    });

    it('a session found expired and then closed keeps saying it expired', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 10_000 });
      const work = await session.work('Install', { machineId: machine.id });
      t.clock.advance(10_000);
      expect(await rejection(session.heartbeat())).toBeInstanceOf(SessionExpiredError);

      await session.close();

      expect(session.closed).toBe(false);
      expect(await rejection(session.heartbeat())).toBeInstanceOf(SessionExpiredError);
      expect(await rejection(session.work('Install', { machineId: machine.id }))).toBeInstanceOf(
        SessionExpiredError,
      );
      expect(await rejection(work.finish())).toBeInstanceOf(WorkLostError);
      expect((await t.engine.history()).map((e) => e.event)).toEqual(['Started', 'Expired']);
    });

    it('await using a session closes it (Symbol.asyncDispose)', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      let token = 0;
      {
        await using session = await t.session();
        token = (await session.work('Recovery', { machineId: machine.id })).token;
      }
      expect(await t.engine.activeWork()).toEqual([]);
      expect((await t.engine.history()).map((e) => [e.event, e.token])).toEqual([
        ['Started', token],
        ['Canceled', token],
      ]);
    });
  });
}
