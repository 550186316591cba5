import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index.js';
import { MIGRATIONS } from '../src/migrations/migrations.js';
import { runScript } from './helpers/spawn-script.js';
import { type TempDir, tempDir } from './helpers/temp-db.js';

/** Reads a pragma and the table names of a file, through a separate connection. */
function inspect(path: string): { version: unknown; journal: unknown; tables: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      journal: db.pragma('journal_mode', { simple: true }),
      tables: db
        .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .pluck()
        .all(),
    };
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('a new file gets the whole schema, in WAL mode, at the latest version', async () => {
    const store = createSqliteStore({ path: dir.file() });
    await store.open();
    await store.close();

    expect(inspect(dir.file())).toEqual({
      version: MIGRATIONS.length,
      journal: 'wal',
      tables: ['backoffs', 'history', 'machines', 'processes', 'sessions', 'sqlite_sequence', 'tags', 'work'],
    });
  });

  it('opening again, twice, or from a second instance keeps the data and the version', async () => {
    const first = createSqliteStore({ path: dir.file() });
    await first.open();
    await first.open();
    const id = crypto.randomUUID();
    await first.createMachine({ id, tags: { Provided: '{"p":1}' } });
    const second = createSqliteStore({ path: dir.file() });
    await second.open();
    await first.close();
    await first.open();

    expect((await second.getMachine({ machineId: id }))?.tags.Provided?.value).toEqual({ p: 1 });
    expect((await first.getMachine({ machineId: id }))?.id).toBe(id);
    expect(inspect(dir.file()).version).toBe(MIGRATIONS.length);
    await first.close();
    await second.close();
  });

  it('processes opening one new file at the same time migrate it exactly once', async () => {
    const results = await Promise.all(
      Array.from({ length: 3 }, () => runScript('open-store.ts', [dir.file()])),
    );

    expect(results.map((r) => [r.code, r.stdout, r.stderr])).toEqual(Array(3).fill([0, 'true', '']));
    expect(inspect(dir.file()).version).toBe(MIGRATIONS.length);
    const store = createSqliteStore({ path: dir.file() });
    await store.open();
    expect(await store.listMachines({ limit: 10 })).toHaveLength(3);
    await store.close();
  });

  it('a file from a newer version of the package is refused', async () => {
    const db = new Database(dir.file());
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();

    await expect(createSqliteStore({ path: dir.file() }).open()).rejects.toThrow(/newer/);
  });
});
