import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimManySql } from '../src/filters/claim-many-sql.js';
import { createPostgresStore } from '../src/index.js';
import { createTestSession, describePostgres, freshSchema } from './helpers/postgres.js';

const MACHINES = 5000;
const CLAIMS = 12;

/**
 * A claim by filter is a prepared statement: Postgres plans its first five runs for the values
 * given (custom plans), then keeps one generic plan, unless the generic plan's estimate is higher
 * than the custom plans' were. Then it plans every claim anew (about 1 ms, more than the claim
 * itself). The counts Postgres keeps per prepared statement (`pg_prepared_statements`) show which
 * it did; the pool has one connection, so every claim and the count run on the same one.
 */
describePostgres('claims by filter over a fleet half done', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const schema = freshSchema('plans');
  const s = `"${schema}"`;
  const store = createPostgresStore({ pool, schema });
  beforeAll(async () => {
    await store.open();
    await pool.query(
      `insert into ${s}.machines select gen_random_uuid(), i from generate_series(1, $1::int) i`,
      [MACHINES],
    );
    await pool.query(
      `insert into ${s}.tags select id, 'Done', 'true', 0 from ${s}.machines where created_at::int % 2 = 0`,
    );
    await pool.query(`analyze ${s}.machines, ${s}.tags`);
  });
  afterAll(async () => {
    await pool.query(`drop schema if exists ${s} cascade`);
    await pool.end();
  });

  /** The plans Postgres made for the prepared statement whose text contains `marker`. */
  async function plansOf(marker: string): Promise<{ generic: number; custom: number }> {
    const { rows } = await pool.query(
      `select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
        where statement like '%' || $1::text || '%' and statement like '%claim_write%'`,
      [marker],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  it.each([
    { claim: 'a batched claim', marker: 'union all', limit: 4 },
    { claim: 'a claim', marker: 'from p offset 0', limit: undefined },
  ])('$claim keeps the generic plan after its first five runs', async ({ marker, limit }) => {
    const sessionId = await createTestSession(store, { intervalMs: 60_000, now: 0 });
    const filter = { kind: 'lacks' as const, tag: 'Done' };
    const input = { sessionId, process: 'P', blockers: ['P'], now: 10 };
    for (let i = 0; i < CLAIMS; i++) {
      const result =
        limit === undefined
          ? await store.claim({ ...input, target: { filter } })
          : await store.claimMany!({ ...input, filter, limit });
      expect(result.ok).toBe(true);
    }
    const plans = await plansOf(marker);
    expect(plans.custom).toBeLessThanOrEqual(5);
    expect(plans.generic + plans.custom).toBe(CLAIMS);
  });

  it("reads the claimed machines' tags by key in the generic plan of a batched claim, not the whole tags table", async () => {
    const sessionId = await createTestSession(store, { intervalMs: 60_000, now: 0 });
    const q = claimManySql({ kind: 'lacks', tag: 'Done' }, s);
    const client = await pool.connect();
    let plan: PlanNode;
    try {
      await client.query('set plan_cache_mode = force_generic_plan');
      await client.query(`prepare batch as ${q.text}`);
      await client.query('begin');
      const args = [
        `'{Done}'`,
        `'{}'`,
        `'{}'`,
        '10',
        `'P'`,
        `'{P}'`,
        `'${sessionId}'`,
        `'${crypto.randomUUID()}'`,
        'true',
        '8',
      ];
      const { rows } = await client.query(`explain (analyze, format json) execute batch(${args.join(', ')})`);
      plan = rows[0]['QUERY PLAN'][0].Plan;
      console.log(
        JSON.stringify(rows[0])
          .match(/"Index Cond":"[^"]*"/g)
          ?.slice(0, 3),
      );
    } finally {
      await client.query('rollback; deallocate batch; reset plan_cache_mode');
      client.release();
    }
    const tagScans = nodes(plan).filter((node) => node['Relation Name'] === 'tags');
    expect(tagScans.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}
