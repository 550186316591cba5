/**
 * The seeded stores of `pnpm bench:history` (bench/cross-store/history-paging.ts): `events` events over 1,000
 * machines × 2 processes written straight into each store's tables or keys (the layout the store
 * writes), and for each store a way to show the work of one page (Postgres: its plan; Redis: the
 * commands it runs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Store, sequenceOfHistoryId } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, namespaceBase, type Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import pg from 'pg';
import { historyPageSql } from '../../packages/store-postgres/src/history-sql.js';
import { startBenchRedis } from '../lib/private-redis.js';
import { openPlainSqlite } from '../sqlite/sqlite-driver.js';

export const MACHINES = 1000;
export const PROCESSES = ['AgentStart', 'Recovery'] as const;
const SESSION = '00000000-0000-4000-8000-00000000beef';
const T0 = 1_700_000_000_000;

/** Machine n's id; event i (1-based) is machine i % 1000's, of process AgentStart or Recovery by round. */
export const machineOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** One page as the store is asked for it. */
export interface PageQuery {
  machineId?: string;
  process?: string;
  after?: string;
  before?: string;
  limit: number;
}

/** A seeded store, ready for an engine, and how to throw it away. */
export interface Seeded {
  store: Store;
  /** One line on the work of `page` (its plan, or its commands), where the store has a tool for it. */
  explain?(page: PageQuery): Promise<string>;
  drop(): Promise<void>;
}

/** SQLite: one INSERT … SELECT over a recursive counter, in the store's own file. */
export async function seedSqlite(events: number): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-history-'));
  const path = join(dir, 'history.db');
  const store = createSqliteStore({ path });
  await store.open();
  await store.close();
  const db = openPlainSqlite(path);
  db.exec(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${events})
    INSERT INTO history (machine_id, process, event, at, session_id, token, cause)
    SELECT '00000000-0000-4000-8000-' || printf('%012x', i % ${MACHINES}),
           CASE (i / ${MACHINES}) % 2 WHEN 0 THEN 'AgentStart' ELSE 'Recovery' END,
           CASE i % 2 WHEN 1 THEN 'Started' ELSE 'Finished' END, ${T0} + i, '${SESSION}', i, NULL FROM c`);
  db.exec('ANALYZE');
  db.close();
  return {
    store: createSqliteStore({ path }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Postgres: one INSERT … SELECT over generate_series, in a schema of its own. */
export async function seedPostgres(events: number): Promise<Seeded> {
  const pool = new pg.Pool({
    connectionString: process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  const schema = `bench_history_${process.pid}`;
  const store = createPostgresStore({ pool, schema });
  await store.open();
  await pool.query(`insert into "${schema}".history (seq, machine_id, process, event, at, session_id, token)
    select i, ('00000000-0000-4000-8000-' || lpad(to_hex(i % ${MACHINES}), 12, '0'))::uuid,
           case (i / ${MACHINES}) % 2 when 0 then 'AgentStart' else 'Recovery' end,
           case i % 2 when 1 then 'Started' else 'Finished' end, ${T0} + i, '${SESSION}'::uuid, i
      from generate_series(1, ${events}) i`);
  await pool.query(`select setval('"${schema}".tokens', ${events})`);
  await pool.query(`vacuum analyze "${schema}".history`);
  return {
    store,
    explain: (page) => postgresPlan(pool, `"${schema}"`, page),
    drop: async () => {
      await pool.query(`drop schema "${schema}" cascade`);
      await pool.end();
    },
  };
}

/** A node of `EXPLAIN (FORMAT JSON)`. */
interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/**
 * The plan the store's statement gets for `page` (the statement prepared, run six times so
 * Postgres settles on a generic or custom plan as it would for the store, then EXPLAIN ANALYZE):
 * its scans with the index each uses and the rows it returned, the buffers, the execution time.
 */
async function postgresPlan(pool: pg.Pool, s: string, page: PageQuery): Promise<string> {
  const after = page.after === undefined ? undefined : sequenceOfHistoryId(page.after);
  const before = page.before === undefined ? undefined : sequenceOfHistoryId(page.before);
  const shape = {
    machineId: page.machineId !== undefined,
    process: page.process !== undefined,
    after: after !== undefined,
    before: before !== undefined,
  };
  const values = [page.machineId, page.process, after, before, page.limit].filter((v) => v !== undefined);
  const client = await pool.connect();
  try {
    await client.query(`prepare page as ${historyPageSql(s, shape)}`);
    const args = values.map((value) => `'${value}'`).join(', ');
    for (let i = 0; i < 6; i++) await client.query(`execute page(${args})`);
    const { rows } = await client.query(`explain (analyze, buffers, format json) execute page(${args})`);
    const plan = (rows[0]['QUERY PLAN'] as [{ Plan: PlanNode; 'Execution Time': number }])[0];
    const scans: string[] = [];
    const walk = (node: PlanNode) => {
      if (node['Node Type'].includes('Scan'))
        scans.push(
          `${node['Node Type']} on ${node['Index Name'] ?? 'history'} (${node['Actual Rows']} rows)`,
        );
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(plan.Plan);
    const hit = plan.Plan['Shared Hit Blocks'] ?? 0;
    const read = plan.Plan['Shared Read Blocks'] ?? 0;
    return `${scans.join(', ')}; buffers ${hit} hit, ${read} read; ${plan['Execution Time'].toFixed(3)} ms`;
  } finally {
    await client.query('deallocate page').catch(() => undefined);
    client.release();
  }
}

/** The keys history_put writes (store-redis src/lua/includes/history-index.lua), 10,000 events per script call. */
const SEED_LUA = `
local B, first, last, machines = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = first, last do
  local id = string.format('00000000-0000-4000-8000-%012x', i % machines)
  local process = (math.floor(i / machines) % 2 == 0) and 'AgentStart' or 'Recovery'
  local event = (i % 2 == 1) and 'Started' or 'Finished'
  local seq = tostring(i)
  redis.call('HSET', B .. 'he', seq, string.format('%d %s %s %s ${SESSION} %d', ${T0} + i, event, id, process, i))
  redis.call('ZADD', B .. 'hx', i, seq)
  redis.call('ZADD', B .. 'hxp:' .. process, i, seq)
  redis.call('ZADD', B .. 'hxmp:' .. id .. ':' .. process, i, seq)
end
redis.call('SET', B .. 'hseq', last)
redis.call('SADD', B .. 'hp', 'AgentStart', 'Recovery')
redis.call('SET', B .. 'hpv', '1')
return last`;

/** Redis: a private redis-server, seeded by a script writing what history_put writes. */
export async function seedRedis(events: number): Promise<Seeded> {
  const server = await startBenchRedis();
  const base = namespaceBase('bench');
  for (let first = 1; first <= events; first += 10_000) {
    await server.client.eval(SEED_LUA, 1, base, first, Math.min(events, first + 9_999), MACHINES);
  }
  const store = createRedisStore({ client: server.client, prefix: 'bench' });
  return {
    store,
    explain: (page) => redisCommands(server.client, store, page),
    drop: () => server.stop(),
  };
}

/**
 * The Redis commands of one page (`INFO commandstats` of the private server over 100 pages,
 * after `CONFIG RESETSTAT`) and the server's µs per script call.
 */
async function redisCommands(client: Redis, store: Store, page: PageQuery): Promise<string> {
  const pages = 100;
  await client.config('RESETSTAT');
  for (let i = 0; i < pages; i++) await store.history(page);
  const info = await client.info('commandstats');
  const counts: string[] = [];
  let scriptUs = 0;
  for (const [, command, calls, usec] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    if (command === undefined || /^(info|config)/.test(command)) continue;
    counts.push(`${command} ${Number(calls) / pages}`);
    if (command === 'evalsha') scriptUs = Number(usec) / Number(calls);
  }
  return `per page: ${counts.join(', ')}; ${scriptUs.toFixed(0)} µs in the script`;
}
