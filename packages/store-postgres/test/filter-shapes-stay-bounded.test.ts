import type { StoreFilter } from '@tagout/core';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { PREPARED_FILTER_SHAPES } from '../src/prepared-shapes.js';
import { createTestSession, describePostgres, freshSchema } from './helpers/postgres.js';

/**
 * Shape `n`: `has Rack` and `n` empty conjunctions (each compiles to `true`), so every `n` makes
 * a different statement that the planner folds to the same cheap one.
 */
const shape = (n: number): StoreFilter => ({
  kind: 'and',
  filters: [
    { kind: 'has', tag: 'Rack' },
    ...Array.from({ length: n }, () => ({ kind: 'and', filters: [] }) as const),
  ],
});

describePostgres('prepared statements of filter shapes', (url) => {
  // One connection, so every statement the store prepares is on the connection we count on.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const schema = freshSchema('shapes');
  afterAll(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });

  it('300 distinct shapes leave at most the bound prepared, and every shape still claims', async () => {
    const store = createPostgresStore({ pool, schema });
    await store.open();
    const sessionId = await createTestSession(store, { intervalMs: 60_000, now: 0 });
    for (let n = 0; n < 300; n++) {
      const result = await store.claim({
        sessionId,
        process: 'P',
        blockers: ['P'],
        target: { filter: shape(n) },
        now: 1,
      });
      expect(result).toEqual({ ok: false, reason: 'nothing' });
    }
    const { rows } = await pool.query('select count(*)::int as n from pg_prepared_statements');
    // The filter shapes within the bound, and create_session.
    expect(rows[0].n).toBeLessThanOrEqual(PREPARED_FILTER_SHAPES + 1);

    // A shape past the bound (run unnamed) still claims.
    const machineId = crypto.randomUUID();
    await store.createMachine({ id: machineId, tags: { Rack: '1' }, now: 2 });
    const claim = await store.claim({
      sessionId,
      process: 'P',
      blockers: ['P'],
      target: { filter: shape(299) },
      now: 3,
    });
    expect(claim.ok && claim.work.machine.id).toBe(machineId);
  });
});
