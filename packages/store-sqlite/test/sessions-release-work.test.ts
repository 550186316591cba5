import { describe, expect, it } from 'vitest';
import { openTestEngine } from './helpers/engine.js';

describe('sessions', () => {
  it('a heartbeat moves the deadline; past it every call is refused', async () => {
    const { engine, clock } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', intervalMs: 1000, heartbeat: false });
    expect(session.deadline).toBe(clock.now() + 1000);

    clock.advance(999);
    await session.heartbeat();
    expect(session.deadline).toBe(clock.now() + 1000);
    clock.advance(1000);
    await expect(session.heartbeat()).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    await expect(session.work('Provision', { machineId: machine.id })).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
    await engine.close();
  });

  it('closing an alive session releases its work with Canceled events, in token order', async () => {
    const { engine } = await openTestEngine();
    const machines = [await engine.createMachine(), await engine.createMachine()];
    const session = await engine.startSession({ component: 'a', heartbeat: false });
    const tokens = [];
    for (const m of machines) tokens.push((await session.work('Provision', { machineId: m.id })).token);

    await session.close();

    expect(await engine.activeWork()).toEqual([]);
    const released = (await engine.history()).filter((e) => e.event !== 'Started');
    expect(released.map((e) => [e.event, e.token])).toEqual(tokens.map((t) => ['Canceled', t]));
    await engine.close();
  });

  it('closing an expired session releases its work with Expired events', async () => {
    const { engine, clock } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', intervalMs: 1000, heartbeat: false });
    await session.work('Provision', { machineId: machine.id });
    clock.advance(1000);

    await session.close();

    expect((await engine.history()).map((e) => e.event)).toEqual(['Started', 'Expired']);
    await engine.close();
  });
});
