import { storeEvents } from '@tagout/conformance';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { createTestSession, describePostgres, freshSchema } from './helpers/postgres.js';

/**
 * A finish that writes tags (or clears a backoff) locks the machine, after reading the session's
 * deadline on a snapshot taken before it waited for that lock. A heartbeat that committed during
 * the wait moved the deadline later; finish must see that (it reads the deadline again when the
 * first read says passed) instead of reporting a live session expired.
 */
describePostgres('a finish that waited for the machine lock while a heartbeat landed', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schema = freshSchema('reread');
  const s = `"${schema}"`;
  const store = createPostgresStore({ pool, schema });
  const machineId = crypto.randomUUID();
  let sessionId = '';
  beforeAll(async () => {
    await store.open();
    await store.createMachine({ id: machineId, tags: {}, now: 0 });
    sessionId = await createTestSession(store, { intervalMs: 1000, now: 0 });
  });
  afterAll(async () => {
    await pool.query(`drop schema if exists ${s} cascade`);
    await pool.end();
  });

  it('finishes, because the deadline it first read was already extended', async () => {
    const claim = await store.claim({
      sessionId,
      process: 'P',
      blockers: ['P'],
      target: { machineId },
      now: 500,
    });
    if (!claim.ok) throw new Error(`claim failed: ${claim.reason}`);
    const holder = await pool.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from ${s}.machines where id = $1 for update`, [machineId]);
      // Judged at 1200, past the deadline (1000) its snapshot will show.
      const finished = store.finish({
        sessionId,
        machineId,
        process: 'P',
        token: claim.work.token,
        setTags: { Repaired: 'true' },
        deleteTags: [],
        now: 1200,
      });
      for (;;) {
        const { rows } = await pool.query(
          `select 1 from pg_stat_activity where wait_event_type = 'Lock' and position($1 in query) > 0`,
          [`${s}.finish(`],
        );
        if (rows.length > 0) break;
      }
      // While finish waits: a heartbeat at 900 moves the deadline to 1900.
      expect(await store.heartbeat({ sessionId, retentionMs: 0, now: 900 })).toEqual({
        ok: true,
        deadline: 1900,
      });
      await holder.query('commit');
      expect(await finished).toEqual({ ok: true });
    } finally {
      holder.release();
    }
    const events = await storeEvents(store, { machineId });
    expect(events.map((event) => [event.event, event.at])).toEqual([
      ['Started', 500],
      ['Finished', 1200],
    ]);
    expect((await store.getMachine({ machineId }))?.tags).toEqual({
      Repaired: { value: true, updatedAt: 1200 },
    });
  });
});
