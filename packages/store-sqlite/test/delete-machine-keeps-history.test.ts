import { describe, expect, it } from 'vitest';
import { openTestEngine } from './helpers/engine.js';

describe('deleteMachine', () => {
  it('is refused while live work exists, naming the process', async () => {
    const { engine } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', heartbeat: false });
    await session.work('Wipe', { machineId: machine.id });

    await expect(engine.deleteMachine(machine.id)).rejects.toMatchObject({ code: 'MACHINE_BUSY' });
    expect(await engine.machine(machine.id)).not.toBeNull();
    await engine.close();
  });

  it('reaps expired work, removes tags and backoffs, and keeps the history', async () => {
    const { engine, clock } = await openTestEngine();
    const machine = await engine.createMachine({ tags: { Provided: true } });
    const session = await engine.startSession({ component: 'a', intervalMs: 10_000, heartbeat: false });
    await (await session.work('Provision', { machineId: machine.id })).fail('bad', { initialMs: 60_000 });
    await session.work('Recovery', { machineId: machine.id });
    clock.advance(10_000);

    await engine.deleteMachine(machine.id);

    expect(await engine.machine(machine.id)).toBeNull();
    expect(await engine.backoffs()).toEqual([]);
    expect((await engine.history({ machineId: machine.id })).map((e) => [e.process, e.event])).toEqual([
      ['Provision', 'Started'],
      ['Provision', 'Failed'],
      ['Recovery', 'Started'],
      ['Recovery', 'Expired'],
    ]);
    await expect(engine.deleteMachine(machine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The id can be used again, starting clean.
    const again = await engine.createMachine({ id: machine.id });
    expect(again.tags).toEqual({});
    await engine.close();
  });
});
