import { openEngine, StoreError } from '@tagout/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSqliteStore } from '../src/index.js';
import { openDiskScene } from './helpers/disk-scene.js';
import { mountSmallDisk, type SmallDisk, smallDisksAvailable } from './helpers/small-disk.js';
import { dumpTables } from './helpers/table-dump.js';

/** The driver error code under the StoreError `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StoreError);
  return ((error as StoreError).cause as { code: string }).code;
}

interface Fault {
  name: string;
  /** The driver's error code for a refused write. */
  code: string;
  inject(disk: SmallDisk, path: string): void;
  heal(disk: SmallDisk): void;
}

const FAULTS: Fault[] = [
  {
    name: 'the disk is full',
    code: 'SQLITE_FULL',
    inject: (disk) => disk.fill(),
    heal: (disk) => disk.free(),
  },
  {
    // The database and its WAL; not the -shm index, which SQLite maps into memory (a write to
    // an immutable mapped file is a SIGBUS that kills the process, not an error).
    name: 'the database file and its WAL are made read-only (chattr +i)',
    code: 'SQLITE_IOERR_WRITE',
    inject: (disk, path) => disk.freeze([path, `${path}-wal`]),
    heal: (disk) => disk.thaw(),
  },
];

describe.skipIf(!smallDisksAvailable()).each(FAULTS)('SQLite on a real disk: $name', (fault) => {
  it('every write is refused with StoreError and changes nothing; the same writes succeed once it heals', async () => {
    const scene = await openDiskScene();
    onTestFinished(() => scene.close());
    const { disk, path, engine, clock, reported, session, toFinish, toFail, toCancel } = scene;
    const rows = dumpTables(scene.inspector);
    const history = await engine.history();

    fault.inject(disk, path);
    clock.advance(1000); // so a heartbeat has a new deadline to write
    const codes = [
      await refusal(toFinish.finish({ setTags: { Done: true } })),
      await refusal(toFail.fail('no power')),
      await refusal(engine.createMachine()),
      await refusal(session.heartbeat()),
      await refusal(engine.startSession({ component: 'disk', heartbeat: false })),
      // Last: a claim refused with StoreError retires its session (its outcome counts as unknown).
      await refusal(session.work('Provision', { where: { has: 'Provided' } })),
    ];
    await toCancel.cancel(); // never rejects: it reports
    expect(toCancel.done).toBe(false);
    expect(session.expired).toBe(true);
    expect(reported.length).toBeGreaterThanOrEqual(1);
    expect(reported.every((error) => error instanceof StoreError)).toBe(true);
    expect(new Set(codes)).toEqual(new Set([fault.code]));
    expect(dumpTables(scene.inspector)).toEqual(rows);
    expect(await engine.history()).toEqual(history);
    expect(await engine.activeWork()).toHaveLength(3);

    fault.heal(disk);
    await session.close(); // asked again: releases the retired session's work
    const fresh = await engine.startSession({ component: 'disk', heartbeat: false });
    const claimed = await fresh.work('Provision', { where: { has: 'Provided' } });
    await fresh.heartbeat();
    const created = await engine.createMachine();
    expect(claimed).not.toBeNull();
    expect(await engine.machine(created.id)).toEqual(created);
    expect((await engine.history()).slice(history.length).map((event) => event.event)).toEqual([
      'Canceled',
      'Canceled',
      'Canceled',
      'Started',
    ]);
    expect(await engine.activeWork()).toHaveLength(1);
    console.log(
      `sqlite, ${fault.name}: ${codes.length} writes refused with StoreError (${fault.code}) and a cancel ` +
        'reported, database unchanged; once healed the retired session closed and a fresh one worked',
    );
  });
});

describe.skipIf(!smallDisksAvailable())('SQLite on a file system mounted read-only', () => {
  it('the store refuses to open with StoreError (no -shm can be made for WAL), and opens once writable', async () => {
    const disk = mountSmallDisk();
    onTestFinished(() => disk.remove());
    const path = disk.file('tagout.db');
    const open = () => openEngine({ store: createSqliteStore({ path }), processes: ['Provision'] });
    const first = await open();
    const machine = await first.createMachine();
    await first.close();

    disk.remount('ro');
    const error = await open().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    disk.remount('rw');
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toMatchObject({ code: 'SQLITE_CANTOPEN' });

    const again = await open();
    onTestFinished(() => again.close());
    expect(await again.machines()).toEqual([machine]);
    console.log(
      'sqlite, read-only mount: open refused with StoreError (SQLITE_CANTOPEN); opened once writable',
    );
  });
});
