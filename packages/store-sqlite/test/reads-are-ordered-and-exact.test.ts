import { describe, expect, it } from 'vitest';
import { openTestEngine } from './helpers/engine.js';

describe('reads', () => {
  it('machines come ordered by (createdAt, id), filtered and limited, tags parsed', async () => {
    const { engine, clock } = await openTestEngine();
    const ids = ['ffffffff-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000'];
    for (const id of ids) await engine.createMachine({ id, tags: { Rack: { row: 1, name: 'r"1' } } });
    clock.advance(1);
    const late = await engine.createMachine({ tags: { Rack: { row: 2 } } });

    const all = await engine.machines();
    expect(all.map((m) => m.id)).toEqual([ids[1], ids[0], late.id]);
    expect(all[0]?.tags).toEqual({ Rack: { value: { name: 'r"1', row: 1 }, updatedAt: clock.now() - 1 } });
    expect(
      (await engine.machines({ where: { tag: 'Rack', path: ['row'], equals: 2 } })).map((m) => m.id),
    ).toEqual([late.id]);
    expect((await engine.machines({ limit: 2 })).map((m) => m.id)).toEqual([ids[1], ids[0]]);
    await engine.close();
  });

  it('history returns the most recent events oldest first; tokens strictly increase', async () => {
    const { engine } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', heartbeat: false });
    for (let i = 0; i < 3; i++) await (await session.work('Provision', { machineId: machine.id })).finish();

    const all = await engine.history();
    const started = all.filter((e) => e.event === 'Started').map((e) => e.token);
    expect(started).toEqual([...started].sort((a, b) => a - b));
    expect(new Set(started).size).toBe(3);
    expect(await engine.history({ limit: 2 })).toEqual(all.slice(-2));
    expect(await engine.history({ process: 'Recovery' })).toEqual([]);
    await engine.close();
  });

  it('an operation on a store that is not open throws', async () => {
    const { createSqliteStore } = await import('../src/index.js');
    const store = createSqliteStore();
    await expect(store.getMachine({ machineId: crypto.randomUUID() })).rejects.toThrow(/not open/);
    await store.open();
    await store.open();
    expect(await store.getMachine({ machineId: crypto.randomUUID() })).toBeNull();
    await store.close();
  });
});
