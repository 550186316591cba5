import { describe, expect, it } from 'vitest';
import { openTestEngine } from './helpers/engine.js';

describe('finish, fail and cancel', () => {
  it('fail backs the pair off until now + interval; the claim is refused until then', async () => {
    const { engine, clock } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', intervalMs: 600_000, heartbeat: false });
    const work = await session.work('Provision', { machineId: machine.id });
    const start = clock.now();

    const backoff = await work.fail('disk on fire', { initialMs: 60_000, exponent: 2, maximumMs: 600_000 });

    expect(backoff).toEqual({
      machineId: machine.id,
      process: 'Provision',
      until: start + 60_000,
      cause: 'disk on fire',
      lastIntervalMs: 60_000,
      active: true,
    });
    await expect(session.work('Provision', { machineId: machine.id })).rejects.toMatchObject({
      code: 'BACKED_OFF',
      until: start + 60_000,
      cause: 'disk on fire',
    });
    expect(await session.work('Provision', { where: { and: [] } })).toBeNull();
    clock.advance(59_999);
    expect(await session.work('Provision', { where: { and: [] } })).toBeNull();
    clock.advance(1);
    const again = await session.work('Provision', { where: { and: [] } });
    expect(again?.machine.id).toBe(machine.id);
    // The stored interval is the base of the next one.
    const next = await again?.fail('still on fire', { initialMs: 60_000, exponent: 2, maximumMs: 600_000 });
    expect(next?.lastIntervalMs).toBe(120_000);
    expect(await engine.history({ machineId: machine.id })).toContainEqual(
      expect.objectContaining({ event: 'Failed', cause: 'still on fire' }),
    );
    await engine.close();
  });

  it('cancel keeps the backoff, finish clears it and applies the commit', async () => {
    const { engine, clock } = await openTestEngine();
    const machine = await engine.createMachine({ tags: { Old: 1 } });
    const session = await engine.startSession({ component: 'a', intervalMs: 600_000, heartbeat: false });
    await (await session.work('Provision', { machineId: machine.id })).fail('x', { initialMs: 1000 });
    clock.advance(1000);

    await (await session.work('Provision', { machineId: machine.id })).cancel();
    expect(await engine.backoffs()).toEqual([
      expect.objectContaining({ machineId: machine.id, active: false }),
    ]);

    clock.advance(5);
    await (await session.work('Provision', { machineId: machine.id })).finish({
      setTags: { Installed: { generation: 2 } },
      deleteTags: ['Old'],
    });
    expect(await engine.backoffs()).toEqual([]);
    expect(await engine.machine(machine.id)).toEqual({
      id: machine.id,
      createdAt: machine.createdAt,
      tags: { Installed: { value: { generation: 2 }, updatedAt: clock.now() } },
    });
    const events = await engine.history({ machineId: machine.id });
    expect(events.map((e) => e.event)).toEqual([
      'Started',
      'Failed',
      'Started',
      'Canceled',
      'Started',
      'Finished',
    ]);
    // Exactly shaped: `cause` only on Failed.
    expect(events.filter((e) => 'cause' in e).map((e) => e.event)).toEqual(['Failed']);
    await engine.close();
  });

  it('a second ending is refused and changes nothing', async () => {
    const { engine } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', heartbeat: false });
    const work = await session.work('Provision', { machineId: machine.id });
    await work.finish();

    await expect(work.finish()).rejects.toMatchObject({ code: 'ALREADY_DONE' });
    await expect(work.fail('late')).rejects.toMatchObject({ code: 'ALREADY_DONE' });
    await work.cancel();
    expect((await engine.history()).map((e) => e.event)).toEqual(['Started', 'Finished']);
    await engine.close();
  });

  it('a holder whose session expired cannot finish or fail, and its cancel records Expired', async () => {
    const { engine, clock } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', intervalMs: 1000, heartbeat: false });
    const failing = await session.work('Provision', { machineId: machine.id });
    const canceling = await session.work('Recovery', { machineId: machine.id });
    clock.advance(1000);

    await expect(failing.fail('too late')).rejects.toMatchObject({ code: 'WORK_LOST' });
    await canceling.cancel();
    expect(await engine.backoffs()).toEqual([]);
    expect((await engine.history({ process: 'Recovery' })).map((e) => e.event)).toEqual([
      'Started',
      'Expired',
    ]);
    // The failed holder's work is still there, expired, until something reaps it.
    expect((await engine.history({ process: 'Provision' })).map((e) => e.event)).toEqual(['Started']);
    await engine.close();
  });
});
