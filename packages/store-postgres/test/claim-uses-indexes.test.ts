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
    // Backoffs of machines the filter does not take: the walk must not read them from the first.
    await pool.query(
      `insert into ${s}.backoffs select id, 'Recovery', 1e20, 'x', 1000 from ${s}.machines
        where created_at::int % 100 <> 0 and created_at::int % 10 = 0`,
    );
    await pool.query(`analyze ${s}.machines, ${s}.tags, ${s}.backoffs`);
  });
  afterAll(async () => {
    await pool.query(`drop schema if exists ${s} cascade`);
    await pool.end();
  });

  it('walks the tag index and reads a handful of rows, not every machine or backoff', async () => {
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
    // The store runs the claim prepared, and after five runs Postgres keeps a generic plan (one
    // that does not know the start id): explain that one.
    const client = await pool.connect();
    let rows: { 'QUERY PLAN': { Plan: PlanNode }[] }[];
    try {
      await client.query('set plan_cache_mode = force_generic_plan');
      await client.query(
        `prepare pick(text[], jsonb[], float8[], float8, text, text[], uuid, uuid) as
           with c as (select true as alive, $4 as now), p as (select $1, $2, $3, $7)
           select x.* from c, lateral (${q.pick}) x`,
      );
      const literal = (value: string) => client.escapeLiteral(value);
      const args = [
        literal(`{${q.texts.join(',')}}`),
        `'{}'`,
        `'{}'`,
        String(Date.now()),
        `'Recovery'`,
        `'{Recovery}'`,
        'null',
        `'80000000-0000-4000-8000-000000000000'`,
      ];
      ({ rows } = await client.query(`explain (analyze, format json) execute pick(${args.join(', ')})`));
    } finally {
      await client.query('deallocate pick; reset plan_cache_mode').catch(() => undefined);
      client.release();
    }
    const explained = rows[0]?.['QUERY PLAN'][0];
    if (explained === undefined) throw new Error('no plan');
    const plan = nodes(explained.Plan);
    const scans = plan.filter((node) =>
      ['machines', 'tags', 'backoffs', 'work'].includes(node['Relation Name'] ?? ''),
    );
    expect(scans.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
    const rowsRead = scans.reduce((sum, node) => sum + node['Actual Rows'] * node['Actual Loops'], 0);
    // A generic plan cannot know which tag is rarer (tag names are parameters), so it may walk the
    // commoner tag's index from the start id to the next machine carrying both: about 100 rows at
    // 1 % eligible (past 1,000 with probability 0.99^1000 ≈ 4e-5), never the 50,000 machines.
    expect(rowsRead).toBeLessThan(1000);
  });
});
