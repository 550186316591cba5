import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createSqliteStore } from '@tagout/store-sqlite';
import { openPlainSqlite } from './sqlite-driver.js';

/** The process every bench cycle runs. */
export const BENCH_PROCESS = 'Bench';
/** The tag every seeded machine carries; claims filter on it. */
export const BENCH_TAG = 'Provided';

/**
 * Creates a fresh database file in `dir` through the store (so migrations and pragmas are
 * the store's), then seeds `machines` machines tagged {@link BENCH_TAG} in one plain
 * transaction. Store and floor phases get identical files this way.
 */
export async function prepareBenchFile(dir: string, name: string, machines: number): Promise<string> {
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
