/**
 * `pnpm bench:bulk`: importing a fleet one machine per call against one batch per call, on the
 * same store in the same run, for every store (SQLite on a file, Postgres, Redis):
 * - `createMachine` one by one (each awaited before the next, as an import loop does) against
 *   `createMachines` in batches of `LIMITS.bulkWrite`;
 * - `setTags` one by one against `setTagsMany` in batches, on the machines just created.
 *
 * Fair to both ways: every input is built before the clock starts; the two ways run in
 * `--rounds` alternating rounds (one by one first, then batches first, ...), each round a
 * `--rounds`th of both, so both write into tables of the same size (a B-tree's cost grows with
 * it) and share the same background load; both run once first, unmeasured (warm-up). Every
 * machine gets `--tags` tags (5). Rates are machines per second through the engine (validation
 * included); the ratio is bulk ÷ one by one, marked when under 10. The store's own share of
 * each way is measured by timing the store's methods under the engine, so the table also says
 * how many µs per machine core and the store take. Also prints the median and longest batch (how
 * long one call holds SQLite's event loop or Redis's server).
 *
 * Flags: `--stores` (sqlite,postgres,redis), `--single` (2000 machines one by one), `--bulk`
 * (20000 machines in batches), `--tags` (5), `--rounds` (10). Postgres: `TAGOUT_PG_URL`
 * (postgres://postgres@127.0.0.1:5432/test), a schema of its own; Redis: a private
 * `redis-server` the script starts (or `TAGOUT_REDIS_URL`, a namespace of its own). What it
 * creates is removed afterwards. Prints a heading and table ready to paste into
 * docs/performance.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CreateMachineInput, type Engine, LIMITS, openEngine, type Store } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, dropRedisNamespace, Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import Database from 'better-sqlite3';
import { cliArgs } from '../lib/cli-args.js';
import { percentile } from '../lib/percentile.js';
import { startBenchRedis } from '../lib/private-redis.js';
import { runHeading, startRun } from '../lib/run-header.js';
import { benchPool } from '../postgres/postgres-setup.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    stores: { type: 'string', default: 'sqlite,postgres,redis' },
    single: { type: 'string', default: '2000' },
    bulk: { type: 'string', default: '20000' },
    tags: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '10' },
  },
});
const singleCount = Number(values.single);
const bulkCount = Number(values.bulk);
const tagCount = Number(values.tags);
const rounds = Number(values.rounds);
const BATCH = LIMITS.bulkWrite;
const TARGET = 10;

/** A store to measure, its server's version, and how to remove what it wrote. */
interface Subject {
  name: string;
  store: Store;
  version(): Promise<string>;
  cleanup(): Promise<void>;
}

const suffix = Math.random().toString(16).slice(2, 10);

async function sqliteSubject(): Promise<Subject> {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-bulk-'));
  return {
    name: 'sqlite (file, WAL)',
    store: createSqliteStore({ path: join(dir, 'bench.db') }),
    version: async () => {
      const db = new Database(':memory:');
      const version = db.prepare('select sqlite_version()').pluck().get() as string;
      db.close();
      return `SQLite ${version}`;
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresSubject(): Promise<Subject> {
  const pool = benchPool(process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 4);
  const schema = `bench_bulk_${suffix}`;
  return {
    name: 'postgres',
    store: createPostgresStore({ pool, schema }),
    version: async () => `Postgres ${(await pool.query('show server_version')).rows[0]?.server_version}`,
    cleanup: async () => {
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    },
  };
}

async function redisSubject(): Promise<Subject> {
  const shared = process.env.TAGOUT_REDIS_URL;
  const server = shared === undefined ? await startBenchRedis() : undefined;
  const url = shared ?? server!.url;
  const prefix = `bench-bulk-${suffix}`;
  return {
    name: 'redis',
    store: createRedisStore({ url, prefix }),
    version: async () => {
      const client = new Redis(url);
      const info = await client.info('server');
      client.disconnect();
      return `Redis ${/redis_version:(\S+)/.exec(info)?.[1]} (${shared === undefined ? 'private server' : url})`;
    },
    cleanup: async () => {
      if (server !== undefined) return server.stop();
      const client = new Redis(url);
      await dropRedisNamespace(client, prefix);
      client.disconnect();
    },
  };
}

const SUBJECTS: Record<string, () => Promise<Subject>> = {
  sqlite: sqliteSubject,
  postgres: postgresSubject,
  redis: redisSubject,
};

/** Machines with fresh ids and `tagCount` tags of a typical size. */
function machines(count: number): Required<CreateMachineInput>[] {
  return Array.from({ length: count }, (_, i) => ({
    id: crypto.randomUUID(),
    tags: tagsOf(i, 'provided'),
  }));
}

function tagsOf(i: number, state: string) {
  return Object.fromEntries(
    Array.from({ length: tagCount }, (_, k) => [`Tag${k}`, { state, rack: `r-${i % 97}`, slot: i, k }]),
  );
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/** The `round`th of `rounds` nearly equal slices of `items`. */
function slice<T>(items: readonly T[], round: number): readonly T[] {
  const size = Math.ceil(items.length / rounds);
  return items.slice(round * size, (round + 1) * size);
}

/** The store's write methods under the engine, timed: ms spent inside them, all calls together. */
class StoreTime {
  ms = 0;

  /** `store` with its bulk and single write methods timed (the rest as they are). */
  wrap(store: Store): Store {
    const timed = new Set<PropertyKey>(['createMachine', 'createMachines', 'setTags', 'setTagsMany']);
    return new Proxy(store, {
      get: (target, key) => {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (!timed.has(key)) return value.bind(target);
        return async (...args: unknown[]) => {
          const start = performance.now();
          try {
            return await value.apply(target, args);
          } finally {
            this.ms += performance.now() - start;
          }
        };
      },
    });
  }
}

/** One way of writing, summed over the rounds: machines, wall ms, store ms, and each call's ms. */
class Way {
  machines = 0;
  ms = 0;
  storeMs = 0;
  readonly callMs: number[] = [];

  /** Runs `step` on each of `items` in turn (each item `size` machines), adding to the sums. */
  async run<T>(items: readonly T[], size: number, step: (item: T) => Promise<unknown>, time: StoreTime) {
    const storeBefore = time.ms;
    const start = performance.now();
    for (const item of items) {
      const began = performance.now();
      await step(item);
      this.callMs.push(performance.now() - began);
    }
    this.ms += performance.now() - start;
    this.storeMs += time.ms - storeBefore;
    this.machines += items.length * size;
  }

  get rate(): number {
    return this.machines / (this.ms / 1000);
  }

  /** µs per machine: all, and the store's part. */
  get perMachine(): string {
    const us = (ms: number) => ((ms * 1000) / this.machines).toFixed(1);
    return `${us(this.ms)} (${us(this.storeMs)})`;
  }
}

/**
 * One by one against batches, interleaved: in each round a slice of the single items and a
 * slice of the batches, the single ones first in even rounds and the batches first in odd ones.
 */
async function compare<T>(
  singles: readonly T[],
  grouped: readonly T[][],
  one: (item: T) => Promise<unknown>,
  many: (batch: T[]) => Promise<unknown>,
  time: StoreTime,
): Promise<{ single: Way; bulk: Way }> {
  const single = new Way();
  const bulk = new Way();
  for (let round = 0; round < rounds; round++) {
    const runSingle = () => single.run(slice(singles, round), 1, one, time);
    const runBulk = () => bulk.run(slice(grouped, round), BATCH, many, time);
    if (round % 2 === 0) {
      await runSingle();
      await runBulk();
    } else {
      await runBulk();
      await runSingle();
    }
  }
  return { single, bulk };
}

/** Both ways once, unmeasured, so neither is measured with a cold JIT, driver or cache. */
async function warmUp(engine: Engine): Promise<void> {
  const some = machines(2 * BATCH);
  for (const input of some.slice(0, 200)) await engine.createMachine(input);
  await engine.createMachines(some.slice(BATCH));
  for (const input of some.slice(0, 200)) await engine.setTags(input.id, tagsOf(0, 'warm'));
  await engine.setTagsMany(some.slice(BATCH).map((input) => ({ machineId: input.id, tags: input.tags })));
}

/** One table row: the two ways of one operation. */
interface Row {
  label: string;
  store: string;
  single: Way;
  bulk: Way;
}

async function measure(engine: Engine, time: StoreTime, name: string): Promise<Row[]> {
  await warmUp(engine);
  const single = machines(singleCount);
  const bulk = machines(bulkCount);
  const created = await compare(
    single,
    batches(bulk),
    (input) => engine.createMachine(input),
    (batch) => engine.createMachines(batch),
    time,
  );
  const update = (input: Required<CreateMachineInput>, i: number) => ({
    machineId: input.id,
    tags: tagsOf(i, 'installed'),
  });
  const updated = await compare(
    single.map(update),
    batches(bulk.map(update)),
    (entry) => engine.setTags(entry.machineId, entry.tags),
    (batch) => engine.setTagsMany(batch),
    time,
  );
  return [
    { label: 'createMachine(s)', store: name, ...created },
    { label: 'setTags(Many)', store: name, ...updated },
  ];
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');

function table(rows: readonly Row[]): string {
  const lines = [
    '| cycle | store | bulk machines/s | one by one machines/s | ratio | µs per machine, bulk (store) | one by one (store) |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const ratio = row.bulk.rate / row.single.rate;
    const mark = ratio < TARGET ? ` (< ${TARGET})` : '';
    lines.push(
      `| ${row.label} | ${row.store} | ${int(row.bulk.rate)} | ${int(row.single.rate)} | **${ratio.toFixed(2)}**${mark} | ` +
        `${row.bulk.perMachine} | ${row.single.perMachine} |`,
    );
  }
  return lines.join('\n');
}

function batchNote(row: Row): string {
  const ms = [...row.bulk.callMs].sort((a, b) => a - b);
  return `${row.store}, ${row.label}: one batch of ${BATCH} takes ${percentile(ms, 50).toFixed(1)} ms (median), ${Math.max(...ms).toFixed(1)} ms at most`;
}

const run = startRun();
const rows: Row[] = [];
const versions: string[] = [];
for (const key of values.stores.split(',')) {
  const make = SUBJECTS[key];
  if (make === undefined)
    throw new Error(`unknown store ${key} (known: ${Object.keys(SUBJECTS).join(', ')})`);
  const subject = await make();
  const time = new StoreTime();
  const engine = await openEngine({ store: time.wrap(subject.store), processes: ['Import'] });
  try {
    versions.push(await subject.version());
    const measured = await measure(engine, time, subject.name);
    rows.push(...measured);
    for (const row of measured) console.error(table([row]).split('\n')[2]);
  } finally {
    await engine.close();
    await subject.cleanup();
  }
}

const flags = cliArgs();
console.log(runHeading(run, `pnpm bench:bulk${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`));
console.log(
  `${versions.join(', ')}. Machines per second through the engine, ${tagCount} tags each: ${int(singleCount)} one by ` +
    `one against ${int(bulkCount)} in batches of ${int(BATCH)}, interleaved in ${rounds} rounds; the store's ` +
    'share of each µs per machine in brackets.\n',
);
console.log(table(rows));
console.log(`\n${rows.map(batchNote).join('\n')}`);
