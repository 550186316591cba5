import { relative } from 'node:path';
import { recordSignals } from '@tagout/conformance';
import { type Engine, openEngine, type Store } from '@tagout/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSqliteStore } from '../src/index.js';
import { runScript } from './helpers/spawn-script.js';
import { tempDir } from './helpers/temp-db.js';

const PROCESSES = ['Provision', 'Wipe'];

/** An engine over `store`, closed when the test finishes. */
async function engineOn(store: Store): Promise<Engine> {
  const engine = await openEngine({ store, processes: PROCESSES, onError: () => {} });
  onTestFinished(() => engine.close());
  return engine;
}

/** Fails `Wipe` on `machineId`: the store signals ['Wipe']. */
async function failWipe(engine: Engine, machineId: string): Promise<void> {
  const session = await engine.startSession({ component: 'test', heartbeat: false });
  await (await session.work('Wipe', { machineId })).fail('boom');
  await session.close();
}

describe('who hears a SQLite commit', () => {
  it('every store of this process on the same file, at once and naming the processes', async () => {
    const dir = tempDir();
    onTestFinished(() => dir.remove());
    const writer = await engineOn(createSqliteStore({ path: dir.file() }));
    // The same file by another name: a store finds its channel by the file's real path.
    const listener = createSqliteStore({ path: relative(process.cwd(), dir.file()) });
    await engineOn(listener);
    const signals = await recordSignals(listener);
    onTestFinished(() => signals.close());

    const machine = await writer.createMachine();
    expect(await signals.next()).toBeNull();
    await failWipe(writer, machine.id);
    // In-process signals come first and name the process; PRAGMA data_version only says null.
    expect(await signals.next()).toEqual(['Wipe']);
  });

  it('an in-memory store hears only itself', async () => {
    const other = await engineOn(createSqliteStore());
    const store = createSqliteStore();
    const engine = await engineOn(store);
    const machine = await engine.createMachine();
    const signals = await recordSignals(store);
    onTestFinished(() => signals.close());

    await failWipe(other, (await other.createMachine()).id);
    await failWipe(engine, machine.id);
    expect(await signals.next()).toEqual(['Wipe']);
  });

  it("another process's commit wakes a waiting engine (PRAGMA data_version)", async () => {
    const dir = tempDir();
    onTestFinished(() => dir.remove());
    const engine = await engineOn(createSqliteStore({ path: dir.file() }));
    expect(await engine.waitForWork('Provision')).toEqual({ reason: 'change' });
    const session = await engine.startSession({ component: 'test', heartbeat: false });
    expect(await session.work('Provision', { where: { lacks: 'Done' } })).toBeNull();
    const woke = engine.waitForWork('Provision');

    // The child opens the file, creates one machine and exits.
    const child = await runScript('open-store.ts', [dir.file()]);
    expect([child.code, child.stdout, child.stderr]).toEqual([0, 'true', '']);
    expect(await woke).toEqual({ reason: 'change' });
    expect(await session.work('Provision', { where: { lacks: 'Done' } })).not.toBeNull();
  });
});
