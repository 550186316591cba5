import { expect, it } from 'vitest';
import { createTestSession, describePostgres } from './helpers/postgres.js';
import { storeOnFreshSchema } from './helpers/store-on-fresh-schema.js';

/**
 * A claim by filter that finds nothing eligible locks no row, so it assigns no transaction id
 * and its commit waits for no WAL flush: a fleet of idle workers polling costs the database
 * reads only. Checked by holding the claimer's session row: a claim that tried to lock it would
 * run into `lock_timeout` instead of answering.
 */
describePostgres('a claim by filter that finds nothing', (url) => {
  const { pool, s, store } = storeOnFreshSchema(url, 'idle', { options: '-c lock_timeout=5000' });

  it('answers nothing without locking its session row (a batched claim too)', async () => {
    const sessionId = await createTestSession(store, { intervalMs: 60_000, now: 0 });
    await store.createMachine({ id: crypto.randomUUID(), tags: { Provided: 'true' }, now: 0 });
    const holder = await pool.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from ${s}.sessions where id = $1 for update`, [sessionId]);
      const result = await store.claim({
        sessionId,
        process: 'P',
        blockers: ['P'],
        target: { filter: { kind: 'has', tag: 'Absent' } },
        now: 10,
      });
      expect(result).toEqual({ ok: false, reason: 'nothing' });
      const batch = await store.claimMany!({
        sessionId,
        process: 'P',
        blockers: ['P'],
        filter: { kind: 'has', tag: 'Absent' },
        limit: 32,
        now: 10,
      });
      expect(batch).toEqual({ ok: true, works: [] });
    } finally {
      await holder.query('rollback');
      holder.release();
    }
  });
});
