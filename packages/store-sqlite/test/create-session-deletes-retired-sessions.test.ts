import {
  expectRetiredSessionsDeleted,
  expectWorkOfGoneSessionReaped,
  type RetiredSessionsProbe,
} from '@tagout/conformance';
import type { Store } from '@tagout/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index.js';
import { prepareStatements } from '../src/statements.js';
import { type TempDir, tempDir } from './helpers/temp-db.js';

describe('createSession deletes retired sessions', () => {
  let dir: TempDir;
  let store: Store;
  let db: Database.Database;
  beforeEach(async () => {
    dir = tempDir();
    store = createSqliteStore({ path: dir.file() });
    await store.open();
    db = new Database(dir.file());
  });
  afterEach(async () => {
    db.close();
    await store.close();
    dir.remove();
  });
  const probe = (): RetiredSessionsProbe => ({
    store,
    sessionIds: async () => db.prepare<[], string>('SELECT id FROM sessions ORDER BY id').pluck().all(),
    deleteSession: async (id) => {
      db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
    },
  });

  it('deletes a crashed session past its retention; keeps one within it and one holding work', async () => {
    await expectRetiredSessionsDeleted(probe());
  });

  it('finds retired sessions through an index, not a scan', () => {
    const { source } = prepareStatements(db).deleteRetiredSessions;
    const plan = db
      .prepare<[number], { detail: string }>(`EXPLAIN QUERY PLAN ${source}`)
      .all(5)
      .map((row) => row.detail);
    expect(plan.some((step) => /^SEARCH s USING (COVERING )?INDEX sessions_by_retirement/.test(step))).toBe(
      true,
    );
    expect(plan.filter((step) => step.startsWith('SCAN'))).toEqual([]);
  });

  it('counts work whose session row is gone as expired: a claim by filter reaps it', async () => {
    await expectWorkOfGoneSessionReaped(probe());
  });
});
