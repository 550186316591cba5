import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLAIM_WALK_VALUES, claimFilterSql } from '../src/filters/claim-filter-sql.js';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

/**
 * The claim by filter trusts its snapshot only when the locked machine's version is the one the
 * snapshot saw. This pins the planner behaviour that rests on (the locked row is re-read at its
 * latest version, the joined unlocked copy keeps the snapshot's): a change committed between the
 * statement's snapshot and its lock must come out as `unchanged = false`.
 */
describePostgres('a claim by filter whose candidate changed after its snapshot', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  const schema = freshSchema('stale');
  const s = `"${schema}"`;
  const machine = crypto.randomUUID();
  const gate = Math.floor(Math.random() * 2 ** 31);
  beforeAll(async () => {
    await createPostgresStore({ pool, schema }).open();
    await pool.query(`insert into ${s}.machines (id, created_at) values ($1, 0)`, [machine]);
    await pool.query(`insert into ${s}.tags values ($1, 'Provided', '{}', 0)`, [machine]);
  });
  afterAll(async () => {
    await pool.query(`drop schema if exists ${s} cascade`);
    await pool.end();
  });

  /** Runs the pick once; `c` first waits for the advisory lock `gate` (after the snapshot is taken). */
  const pick = () => {
    const q = claimFilterSql({ kind: 'has', tag: 'Provided' }, s);
    return pool.query(
      `with c as materialized (
              select true as alive, $4::float8 as now, ${CLAIM_WALK_VALUES}
                from (select pg_advisory_xact_lock_shared($7::bigint)) gate)
       select x.id, x.unchanged from c, lateral (${q.pick}) x`,
      [q.texts, q.jsons, q.nums, 1, 'P', ['P'], gate, '00000000-0000-0000-0000-000000000000'],
    );
  };

  it('reports the candidate unchanged when nothing happened in between', async () => {
    const { rows } = await pick();
    expect(rows).toEqual([{ id: machine, unchanged: true }]);
  });

  it('reports it changed when a transition committed between the snapshot and the lock', async () => {
    const holder = await pool.connect();
    try {
      await holder.query('select pg_advisory_lock($1::bigint)', [gate]);
      const picked = pick();
      for (;;) {
        const { rows } = await pool.query(
          `select 1 from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory'
             and pid <> pg_backend_pid() and query like '%pg_advisory_xact_lock_shared%'`,
        );
        if (rows.length > 0) break;
      }
      await holder.query(`update ${s}.machines set version = version + 1 where id = $1`, [machine]);
      await holder.query('select pg_advisory_unlock($1::bigint)', [gate]);
      const { rows } = await picked;
      expect(rows).toEqual([{ id: machine, unchanged: false }]);
    } finally {
      holder.release();
    }
  });
});
