import { storeEvents } from '@tagout/conformance';
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
  const sessionIds = () => db.prepare<[], string>('SELECT id FROM sessions ORDER BY id').pluck().all();
  const start = async (input: { intervalMs: number; retentionMs: number; now: number }) => {
    const id = crypto.randomUUID();
    await store.createSession({ id, component: 'test', runtimeInfo: '', ...input });
    return id;
  };

  it('deletes a crashed session past its retention; keeps one within it and one holding work', async () => {
    const machineId = crypto.randomUUID();
    await store.createMachine({ id: machineId, tags: {}, now: 0 });
    // Each dies at 1000 (interval 1000, never heartbeated) unless said otherwise.
    const crashed = await start({ intervalMs: 1000, retentionMs: 5000, now: 0 });
    const retained = await start({ intervalMs: 1000, retentionMs: 60_000, now: 0 });
    const holding = await start({ intervalMs: 1000, retentionMs: 0, now: 0 });
    const claim = await store.claim({
      sessionId: holding,
      process: 'P',
      blockers: ['P'],
      target: { machineId },
      now: 10,
    });
    expect(claim.ok).toBe(true);
    // Created with no retention; its heartbeat (deadline 1500) keeps it until 61,500.
    const extended = await start({ intervalMs: 1000, retentionMs: 0, now: 0 });
    expect(await store.heartbeat({ sessionId: extended, retentionMs: 60_000, now: 500 })).toEqual({
      ok: true,
      deadline: 1500,
    });

    // At 5,999 nothing is retired yet; at 10,000 only the crashed session is.
    const early = await start({ intervalMs: 100_000, retentionMs: 0, now: 5999 });
    expect(sessionIds()).toEqual([crashed, retained, holding, extended, early].sort());
    const fresh = await start({ intervalMs: 100_000, retentionMs: 0, now: 10_000 });
    expect(sessionIds()).toEqual([retained, holding, extended, early, fresh].sort());

    // Once its work is reaped (by a claim on the pair), the next session deletes it.
    const reclaim = await store.claim({
      sessionId: fresh,
      process: 'P',
      blockers: ['P'],
      target: { machineId },
      now: 10_001,
    });
    expect(reclaim.ok).toBe(true);
    const last = await start({ intervalMs: 100_000, retentionMs: 0, now: 10_002 });
    expect(sessionIds()).toEqual([retained, extended, early, fresh, last].sort());
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
    const machineId = crypto.randomUUID();
    await store.createMachine({ id: machineId, tags: { Rack: '"b1"' }, now: 0 });
    const gone = await start({ intervalMs: 100_000, retentionMs: 0, now: 0 });
    const held = await store.claim({
      sessionId: gone,
      process: 'P',
      blockers: ['P'],
      target: { machineId },
      now: 1,
    });
    if (!held.ok) throw new Error(held.reason);
    db.prepare('DELETE FROM sessions WHERE id = ?').run(gone);

    const next = await start({ intervalMs: 100_000, retentionMs: 0, now: 2 });
    const filter = { kind: 'has', tag: 'Rack' } as const;
    const claim = await store.claim({
      sessionId: next,
      process: 'P',
      blockers: ['P'],
      target: { filter },
      now: 3,
    });
    expect(claim.ok && claim.work.machine.id).toBe(machineId);
    expect((await storeEvents(store, { machineId })).map((e) => [e.event, e.sessionId])).toEqual([
      ['Started', gone],
      ['Expired', gone],
      ['Started', next],
    ]);
  });
});
