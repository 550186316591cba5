import {
  type Engine,
  type ManualClock,
  manualClock,
  openEngine,
  type TagoutError,
  type Work,
} from '@tagout/core';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../src/index.js';
import { mountSmallDisk, type SmallDisk } from './small-disk.js';

/** An engine on a database on a {@link SmallDisk}, holding three works, ready for a fault. */
export interface DiskScene {
  disk: SmallDisk;
  /** The database file. */
  path: string;
  engine: Engine;
  clock: ManualClock;
  /** What the engine reported instead of throwing (cancel failures). */
  reported: TagoutError[];
  /** Four machines tagged Provided; the first three are held by `session`, the fourth is free. */
  machineIds: string[];
  session: Awaited<ReturnType<Engine['startSession']>>;
  toFinish: Work;
  toFail: Work;
  toCancel: Work;
  /** A second connection on the file, to read its rows behind the store's back. */
  inspector: Database.Database;
  /** Thaws the files, closes the inspector and the engine, and removes the disk, whatever fails. */
  close(): Promise<void>;
}

/**
 * Mounts a small disk, opens an engine (process Provision, manual clock) on a database on it,
 * creates four machines and claims three. Then empties the WAL into the database file
 * (`wal_checkpoint(TRUNCATE)`), so the next commit must grow the WAL: a WAL with room left is
 * reused, and a full disk would only show once it must grow.
 */
export async function openDiskScene(): Promise<DiskScene> {
  const disk = mountSmallDisk();
  const path = disk.file('tagout.db');
  const reported: TagoutError[] = [];
  const clock = manualClock();
  let engine: Engine | undefined;
  let inspector: Database.Database | undefined;
  const close = async () => {
    try {
      disk.thaw();
      inspector?.close();
      await engine?.close();
    } finally {
      disk.remove();
    }
  };
  try {
    engine = await openEngine({
      store: createSqliteStore({ path }),
      processes: ['Provision'],
      clock,
      onError: (error) => reported.push(error),
    });
    const machineIds: string[] = [];
    for (let i = 0; i < 4; i++)
      machineIds.push((await engine.createMachine({ tags: { Provided: true } })).id);
    const session = await engine.startSession({ component: 'disk', heartbeat: false });
    const [toFinish, toFail, toCancel] = [
      await session.work('Provision', { machineId: machineIds[0]! }),
      await session.work('Provision', { machineId: machineIds[1]! }),
      await session.work('Provision', { machineId: machineIds[2]! }),
    ];
    inspector = new Database(path);
    inspector.pragma('wal_checkpoint(TRUNCATE)');
    return {
      disk,
      path,
      engine,
      clock,
      reported,
      machineIds,
      session,
      toFinish,
      toFail,
      toCancel,
      inspector,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
