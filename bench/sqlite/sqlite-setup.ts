import { randomUUID } from 'node:crypto';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSqliteStore } from '@tagout/store-sqlite';
import { openPlainSqlite } from './sqlite-driver.js';

/** The process every bench cycle runs. */
export const BENCH_PROCESS = 'Bench';
/** The tag every seeded machine carries; claims filter on it. */
export const BENCH_TAG = 'Provided';

/**
 * Creates a database file in `dir` through the store (so migrations and pragmas are the
 * store's), then seeds `machines` machines tagged {@link BENCH_TAG} in one plain
 * transaction. Copy it with {@link copyBenchFile} for each measurement, so store and
 * floor start from identical files.
 */
export async function prepareBenchTemplate(dir: string, name: string, machines: number): Promise<string> {
  const path = join(dir, `${name}.db`);
  const store = createSqliteStore({ path });
  await store.open();
  await store.close();
  const db = openPlainSqlite(path);
  try {
    const now = Date.now();
    const machine = db.prepare('INSERT INTO machines (id, created_at) VALUES (?, ?)');
    const tag = db.prepare('INSERT INTO tags (machine_id, name, value, updated_at) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < machines; i++) {
        const id = randomUUID();
        machine.run(id, now);
        tag.run(id, BENCH_TAG, JSON.stringify({ provider: 'bench', providerId: `b-${i}` }), now);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return path;
}

/** A fresh copy of the template (closed, checkpointed, so the main file is the whole database). */
export async function copyBenchFile(template: string, dir: string, name: string): Promise<string> {
  const path = join(dir, `${name}.db`);
  await copyFile(template, path);
  return path;
}
