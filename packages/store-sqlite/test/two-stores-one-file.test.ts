import { manualClock, openEngine, StoreError, type TagoutError } from '@tagout/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index.js';
import { type TempDir, tempDir } from './helpers/temp-db.js';

describe('two stores on one file', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  /** Two engines, each with its own store (its own connection) on the same file and one clock. */
  async function twoEngines() {
    const clock = manualClock();
    const open = () =>
      openEngine({ store: createSqliteStore({ path: dir.file() }), processes: ['Provision'], clock });
    return { clock, a: await open(), b: await open() };
  }

  it('each sees the other’s writes', async () => {
    const { a, b } = await twoEngines();
    const machine = await a.createMachine({ tags: { Provided: { provider: 'x' } } });
    await b.setTags(machine.id, { Rack: 7 });

    expect((await a.machine(machine.id))?.tags.Rack?.value).toBe(7);
    expect((await b.machines({ where: { has: 'Provided' } })).map((m) => m.id)).toEqual([machine.id]);
    await a.close();
    await b.close();
  });

  it('a claim in one blocks the other until it ends; tokens increase across both', async () => {
    const { a, b } = await twoEngines();
    const machine = await a.createMachine({ tags: { Provided: true } });
    const sa = await a.startSession({ component: 'a', heartbeat: false });
    const sb = await b.startSession({ component: 'b', heartbeat: false });
    const held = await sa.work('Provision', { where: { has: 'Provided' } });

    await expect(sb.work('Provision', { machineId: machine.id })).rejects.toMatchObject({
      code: 'WORK_CONFLICT',
    });
    expect(await sb.work('Provision', { where: { has: 'Provided' } })).toBeNull();
    expect(await b.activeWork()).toEqual([
      {
        machineId: machine.id,
        process: 'Provision',
        sessionId: sa.id,
        token: held?.token,
        startedAt: held?.startedAt,
      },
    ]);

    await held?.finish();
    const next = await sb.work('Provision', { machineId: machine.id });
    expect(next.token).toBeGreaterThan(held?.token ?? Number.POSITIVE_INFINITY);
    expect((await a.history()).map((e) => [e.event, e.sessionId])).toEqual([
      ['Started', sa.id],
      ['Finished', sa.id],
      ['Started', sb.id],
    ]);
    await a.close();
    await b.close();
  });

  it('a write that cannot get the lock within the busy timeout fails whole, and applies nothing', async () => {
    const store = createSqliteStore({ path: dir.file(), busyTimeoutMs: 20 });
    let reportClose!: (error: TagoutError) => void;
    const closeReported = new Promise<TagoutError>((resolve) => {
      reportClose = resolve;
    });
    const engine = await openEngine({
      store,
      processes: ['Provision'],
      clock: manualClock(),
      onError: (error) => reportClose(error),
    });
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', heartbeat: false });
    const locker = new Database(dir.file());
    locker.exec('BEGIN IMMEDIATE');

    const error = await session.work('Provision', { machineId: machine.id }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    locker.exec('ROLLBACK');
    locker.close();
    // The engine cannot know the claim applied nothing, so it retired the session; closing it in
    // the background failed on the lock too (reported), and goes through once the lock is free.
    expect(session.expired).toBe(true);
    const closeError = await closeReported;
    expect(closeError).toBeInstanceOf(StoreError);
    expect(closeError.message).toContain('closeSession');
    await session.close();
    expect(await engine.history()).toEqual([]);
    expect(await engine.activeWork()).toEqual([]);
    // Once the lock is free the same claim goes through, on a new session.
    const next = await engine.startSession({ component: 'a', heartbeat: false });
    expect((await next.work('Provision', { machineId: machine.id })).machine.id).toBe(machine.id);
    await engine.close();
  });
});
