import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CLAIM_FILTER_VALUES,
  CLAIM_WALK_VALUES,
  candidatePickSql,
  claimFilterSql,
} from '../src/filters/claim-filter-sql.js';
import { compileFilterSql } from '../src/filters/filter-sql.js';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

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

  /**
   * EXPLAIN ANALYZE of `pick` (a candidate walk reading `c`, made of parameters `$1`–`$8`, `$9`
   * the limit) as the generic plan Postgres keeps for a prepared statement after five runs (one that
   * does not know the start id): the scans of the store's tables.
   */
  async function explainPick(pick: string, limit: number): Promise<PlanNode[]> {
    const client = await pool.connect();
    let rows: { 'QUERY PLAN': { Plan: PlanNode }[] }[];
    try {
      await client.query('set plan_cache_mode = force_generic_plan');
      await client.query(
        `prepare pick(text[], jsonb[], float8[], float8, text, text[], uuid, uuid, int) as
           with c as (select true as alive, $4 as now, ${CLAIM_WALK_VALUES}, $9 as lim)
           select x.* from c, lateral (${pick}) x`,
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
        String(limit),
      ];
      ({ rows } = await client.query(`explain (analyze, format json) execute pick(${args.join(', ')})`));
    } finally {
      await client.query('deallocate pick; reset plan_cache_mode').catch(() => undefined);
      client.release();
    }
    const explained = rows[0]?.['QUERY PLAN'][0];
    if (explained === undefined) throw new Error('no plan');
    return nodes(explained.Plan).filter((node) =>
      ['machines', 'tags', 'backoffs', 'work'].includes(node['Relation Name'] ?? ''),
    );
  }
  const filter = {
    kind: 'and' as const,
    filters: [
      { kind: 'has' as const, tag: 'Provided' },
      { kind: 'has' as const, tag: 'NeedsRecovery' },
    ],
  };
  const q = claimFilterSql(filter, s);

  // A generic plan cannot know which tag is rarer (tag names are parameters), so it may walk the
  // commoner tag's index from the start id to the next machine carrying both: about 100 rows per
  // machine taken at 1 % eligible (past 10 times that with a tiny probability), never the 50,000.
  it.each([
    { claim: 'a claim', pick: q.pick, limit: 1, bound: 1000 },
    {
      claim: 'a batched claim (limit 32)',
      pick: candidatePickSql(
        s,
        compileFilterSql(filter, s, 'c.now', '>= c.start', CLAIM_FILTER_VALUES).sql,
        '>= c.start',
        'c.lim',
      ),
      limit: 32,
      bound: 32_000,
    },
  ])(
    '$claim walks the tag index and reads a handful of rows per machine, not every machine or backoff',
    async ({ pick, limit, bound }) => {
      const scans = await explainPick(pick, limit);
      expect(scans.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
      const rowsRead = scans.reduce((sum, node) => sum + node['Actual Rows'] * node['Actual Loops'], 0);
      expect(rowsRead).toBeLessThan(bound);
    },
  );
});
