import { describe, expect, it } from 'vitest';
import { openTestEngine } from './helpers/engine.js';

describe('a claim replaces work whose session has expired', () => {
  it('appends Expired for the old holder, then Started with a greater token', async () => {
    const { engine, clock } = await openTestEngine();
    const machine = await engine.createMachine({ tags: { Provided: { provider: 'x' } } });
    const old = await engine.startSession({ component: 'a', intervalMs: 1000, heartbeat: false });
    const first = await old.work('Provision', { machineId: machine.id });

    clock.advance(1000);
    const fresh = await engine.startSession({ component: 'b', intervalMs: 1000, heartbeat: false });
    const second = await fresh.work('Provision', { where: { has: 'Provided' } });

    expect(second?.machine.id).toBe(machine.id);
    expect(second?.token).toBeGreaterThan(first.token);
    const events = await engine.history({ machineId: machine.id });
    expect(events.map((e) => [e.event, e.sessionId, e.token])).toEqual([
      ['Started', old.id, first.token],
      ['Expired', old.id, first.token],
      ['Started', fresh.id, second?.token],
    ]);
    await expect(first.finish({ setTags: { Done: true } })).rejects.toMatchObject({ code: 'WORK_LOST' });
    expect((await engine.machine(machine.id))?.tags.Done).toBeUndefined();
    await engine.close();
  });

  it('live work blocks its own process and the exclusive ones, not the others', async () => {
    const { engine } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', heartbeat: false });
    await session.work('Recovery', { machineId: machine.id });

    await expect(session.work('Wipe', { machineId: machine.id })).rejects.toMatchObject({
      code: 'WORK_CONFLICT',
      heldProcess: 'Recovery',
    });
    expect(await session.work('Wipe', { where: { and: [] } })).toBeNull();
    const provision = await session.work('Provision', { machineId: machine.id });
    expect(provision.machine.id).toBe(machine.id);
    expect((await engine.activeWork()).map((w) => w.process)).toEqual(['Recovery', 'Provision']);
    await engine.close();
  });

  it('parallel claimers with one filter take different machines', async () => {
    const { engine } = await openTestEngine();
    for (let i = 0; i < 8; i++) await engine.createMachine({ tags: { Provided: i } });
    const sessions = await Promise.all(
      Array.from({ length: 8 }, () => engine.startSession({ component: 'w', heartbeat: false })),
    );
    const works = await Promise.all(sessions.map((s) => s.work('Provision', { where: { has: 'Provided' } })));
    expect(new Set(works.map((w) => w?.machine.id)).size).toBe(8);
    expect(await sessions[0]?.work('Provision', { where: { has: 'Provided' } })).toBeNull();
    await engine.close();
  });

  it('claims by filter go round the eligible machines, skipping the backed-off', async () => {
    const { engine } = await openTestEngine();
    const ids = [
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000002',
      '00000000-0000-4000-8000-000000000003',
    ];
    for (const id of ids) await engine.createMachine({ id, tags: { Provided: true } });
    const session = await engine.startSession({ component: 'a', heartbeat: false });
    const claimOnce = async () => {
      const work = await session.work('Provision', { where: { has: 'Provided' } });
      await work?.finish();
      return work?.machine.id;
    };
    const first = await session.work('Provision', { machineId: ids[1] as string });
    await first.fail('x', { initialMs: 60_000 });

    const order = [await claimOnce(), await claimOnce(), await claimOnce(), await claimOnce()];

    expect(order).toEqual([ids[0], ids[2], ids[0], ids[2]]);
    await engine.close();
  });
});
