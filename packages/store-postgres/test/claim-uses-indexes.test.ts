import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimFilterSql } from '../src/claim-filter-sql.js';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './postgres.js';

const MACHINES = 50_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describePostgres('a claim by filter over many machines, few eligible', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schema = freshSchema('explain');
  const s = `"${schema}"`;
  beforeAll(async () => {
    await createPostgresStore({ pool, schema }).open();
    await pool.query(
      `insert into ${s}.machines select gen_random_uuid(), i from generate_series(1, $1::int) i`,
      [MACHINES],
    );
    await pool.query(`insert into ${s}.tags select id, 'Provided', '{}', 0 from ${s}.machines`);
    await pool.query(
      `insert into ${s}.tags select id, 'NeedsRecovery', 'true', 0 from ${s}.machines where created_at::int % 100 = 0`,
    );
    await pool.query(`analyze ${s}.machines, ${s}.tags`);
  });
  afterAll(async () => {
    await pool.query(`drop schema if exists ${s} cascade`);
    await pool.end();
  });

  it('walks the tag index and reads a handful of rows, not every machine', async () => {
    const q = claimFilterSql(
      {
        kind: 'and',
        filters: [
          { kind: 'has', tag: 'Provided' },
          { kind: 'has', tag: 'NeedsRecovery' },
        ],
      },
      s,
    );
    const { rows } = await pool.query(
      `explain (analyze, format json)
         with c as (select true as alive, $4::float8 as now), p as (select $1::text[], $2::jsonb[], $3::float8[], $7::uuid)
         select x.* from c, lateral (${q.pick}) x`,
      [q.texts, q.jsons, q.nums, Date.now(), 'Recovery', ['Recovery'], null, crypto.randomUUID()],
    );
    const plan = nodes(rows[0]['QUERY PLAN'][0].Plan as PlanNode);
    const scans = plan.filter(
      (node) => node['Relation Name'] === 'machines' || node['Relation Name'] === 'tags',
    );
    expect(scans.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
    const rowsRead = scans.reduce((sum, node) => sum + node['Actual Rows'] * node['Actual Loops'], 0);
    expect(rowsRead).toBeLessThan(100);
  });
});
