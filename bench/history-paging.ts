/**
 * `pnpm bench:history`: does a page of history cost the same at both ends of a long history?
 * Seeds `--events` events (default 1,000,000) over 1,000 machines × 2 processes straight into each
 * store's tables or keys (the layout the store writes), then times through the engine, `--samples`
 * times each (default 300, sequentially):
 * - near: `history({ ...scope, limit: 100 })`, the newest page;
 * - far, forward: `history({ ...scope, after: <the first event of the history>, limit: 100 })`;
 * - far, backward: `history({ ...scope, before: <the scope's 102nd oldest event>, limit: 100 })`;
 * for the scopes all events, one process, and one (machine, process) pair. Prints p50/p99 in ms and
 * the acceptance ratio p99(far) ÷ p99(near) (target ≤ 2) per store and scope.
 *
 * Stores: SQLite (a temporary file), Postgres (`TAGOUT_PG_URL`, default
 * postgres://postgres@127.0.0.1:5432/test, a schema of its own, dropped afterwards), Redis (a
 * private `redis-server` this script starts on a free port and shuts down). `--stores` picks some
 * (default `sqlite,postgres,redis`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Engine, type HistoryQuery, historyIdOfSequence, openEngine, type Store } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, namespaceBase, Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import pg from 'pg';
import { cliArgs } from './lib/cli-args.js';
import { percentile } from './lib/percentile.js';
import { openPlainSqlite } from './sqlite-driver.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    events: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '300' },
    stores: { type: 'string', default: 'sqlite,postgres,redis' },
  },
});
const EVENTS = Number(values.events);
const SAMPLES = Number(values.samples);
const MACHINES = 1000;
const PROCESSES = ['AgentStart', 'Recovery'] as const;
const PAGE = 100;
const SESSION = '00000000-0000-4000-8000-00000000beef';
const T0 = 1_700_000_000_000;

/** Machine of event i (1-based): i modulo the machines; process: alternating per machine round. */
const machineOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const PAIR_MACHINE = machineOf(7);

/** A seeded store, ready for an engine, and how to throw it away. */
interface Seeded {
  store: Store;
  drop(): Promise<void>;
}

/** SQLite: one INSERT … SELECT over a recursive counter, in the store's own file. */
async function seedSqlite(): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-history-'));
  const path = join(dir, 'history.db');
  const store = createSqliteStore({ path });
  await store.open();
  await store.close();
  const db = openPlainSqlite(path);
  db.exec(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${EVENTS})
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
async function seedPostgres(): Promise<Seeded> {
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
      from generate_series(1, ${EVENTS}) i`);
  await pool.query(`select setval('"${schema}".tokens', ${EVENTS})`);
  await pool.query(`vacuum analyze "${schema}".history`);
  return {
    store,
    drop: async () => {
      await pool.query(`drop schema "${schema}" cascade`);
      await pool.end();
    },
  };
}

/** A free TCP port on the loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** The keys history_put writes (lib.lua), 10,000 events per script call. */
const SEED_LUA = `
local B, first, last, machines = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = first, last do
  local id = string.format('00000000-0000-4000-8000-%012x', i % machines)
  local process = (math.floor(i / machines) % 2 == 0) and 'AgentStart' or 'Recovery'
  local event = (i % 2 == 1) and 'Started' or 'Finished'
  local seq = tostring(i)
  redis.call('HSET', B .. 'he', seq, string.format('%d %s %s %s ${SESSION} %d', ${T0} + i, event, id, process, i))
  redis.call('ZADD', B .. 'hx', i, seq)
  redis.call('ZADD', B .. 'hxm:' .. id, i, seq)
  redis.call('ZADD', B .. 'hxp:' .. process, i, seq)
  redis.call('ZADD', B .. 'hxmp:' .. id .. ':' .. process, i, seq)
end
redis.call('SET', B .. 'hseq', last)
return last`;

/** Redis: a private redis-server, seeded by a script writing what history_put writes. */
async function seedRedis(): Promise<Seeded> {
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 100, retryStrategy: () => 50 });
  client.on('error', () => undefined); // connection refused until the server listens: retried
  await client.ping();
  const base = namespaceBase('bench');
  for (let first = 1; first <= EVENTS; first += 10_000) {
    await client.eval(SEED_LUA, 1, base, first, Math.min(EVENTS, first + 9_999), MACHINES);
  }
  return {
    store: createRedisStore({ client, prefix: 'bench' }),
    drop: async () => {
      await client.shutdown('NOSAVE').catch(() => undefined);
      client.disconnect();
      await exited;
    },
  };
}

/** p50 and p99 (ms) of SAMPLES sequential calls. */
async function time(call: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await call();
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await call();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

/**
 * Cursors at the far end of the scope: the first event of the history (sequence 1 in every seeded
 * store, so pages `after` it start at the scope's oldest events) and the scope's 102nd oldest.
 */
async function farCursors(engine: Engine, scope: HistoryQuery): Promise<[string, string]> {
  const first = historyIdOfSequence(1);
  const head = await engine.history({ ...scope, after: first, limit: PAGE + 2 });
  if (head.length < PAGE + 2) throw new Error('history too short for the scope');
  return [first, head[PAGE + 1]!.id];
}

const fmt = (ms: number) => ms.toFixed(2);

async function benchStore(name: string, seed: () => Promise<Seeded>): Promise<string[]> {
  const began = performance.now();
  const seeded = await seed();
  const seedSeconds = (performance.now() - began) / 1000;
  const engine = await openEngine({ store: seeded.store, processes: [...PROCESSES] });
  const rows: string[] = [];
  try {
    const scopes: [string, HistoryQuery][] = [
      ['all events', {}],
      ['one process', { process: 'Recovery' }],
      ['one pair', { machineId: PAIR_MACHINE, process: 'Recovery' }],
    ];
    for (const [label, scope] of scopes) {
      const [first, beyond] = await farCursors(engine, scope);
      const near = await time(() => engine.history({ ...scope, limit: PAGE }));
      const after = await time(() => engine.history({ ...scope, after: first, limit: PAGE }));
      const before = await time(() => engine.history({ ...scope, before: beyond, limit: PAGE }));
      const ratio = Math.max(after.p99, before.p99) / near.p99;
      rows.push(
        `| ${name} | ${label} | ${fmt(near.p50)} / ${fmt(near.p99)} | ${fmt(after.p50)} / ${fmt(after.p99)} | ` +
          `${fmt(before.p50)} / ${fmt(before.p99)} | **${ratio.toFixed(2)}** |`,
      );
      console.error(rows.at(-1));
    }
    console.error(`${name}: seeded ${EVENTS} events in ${seedSeconds.toFixed(1)} s`);
  } finally {
    await engine.close();
    await seeded.drop();
  }
  return rows;
}

const SEEDERS: Record<string, () => Promise<Seeded>> = {
  sqlite: seedSqlite,
  postgres: seedPostgres,
  redis: seedRedis,
};
const rows: string[] = [];
for (const name of String(values.stores).split(',')) {
  const seed = SEEDERS[name];
  if (seed === undefined)
    throw new Error(`unknown store ${name} (known: ${Object.keys(SEEDERS).join(', ')})`);
  rows.push(...(await benchStore(name, seed)));
}
console.log(
  `history paging over ${EVENTS.toLocaleString('en')} events, ${SAMPLES} pages of ${PAGE} per figure (ms, p50 / p99)\n`,
);
console.log(
  '| store | scope | near (newest page) | far, `after` the first event | far, `before` the 102nd oldest | p99 far ÷ near |',
);
console.log('|---|---|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
