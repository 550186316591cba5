import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { createTestSession, describePostgres, freshSchema } from './helpers/postgres.js';

/**
 * tagout's plpgsql functions carry `plan_cache_mode = force_generic_plan` (migration 12): their
 * statements, keyed by ids and arrays of ids, get one generic plan per connection instead of a
 * custom plan at each of their first five calls and after every ANALYZE. A later migration that
 * replaces a function with CREATE OR REPLACE drops the setting unless it says it again.
 */
describePostgres("tagout's plpgsql functions", (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const schema = freshSchema('generic');
  const s = `"${schema}"`;
  const store = createPostgresStore({ pool, schema });
  beforeAll(() => store.open());
  afterAll(async () => {
    await pool.query(`drop schema if exists ${s} cascade`);
    await pool.end();
  });

  it('each plan their statements generically, the connection left as it was', async () => {
    const { rows } = await pool.query(
      `select p.proname as name, coalesce(p.proconfig, '{}') as config
         from pg_proc p join pg_language l on l.oid = p.prolang
        where p.pronamespace = $1::regnamespace and l.lanname = 'plpgsql' and p.provolatile <> 'i'
        order by p.proname`,
      [schema],
    );
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const row of rows)
      expect(row, row.name).toEqual({ name: row.name, config: ['plan_cache_mode=force_generic_plan'] });
    // The setting holds while a function runs: the connection's own is what it was.
    await createTestSession(store, { intervalMs: 60_000, now: 0 });
    expect((await pool.query('show plan_cache_mode')).rows[0].plan_cache_mode).toBe('auto');
  });
});
