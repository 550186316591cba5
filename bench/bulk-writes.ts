/**
 * `pnpm bench:bulk`: importing a fleet one machine per call against one batch per call, on the
 * same store in the same run, for every store (SQLite on a file, Postgres, Redis):
 * - `createMachine` one by one (each awaited before the next, as an import loop does) against
 *   `createMachines` in batches of `LIMITS.bulkWrite`;
 * - `setTags` one by one against `setTagsMany` in batches, on the machines just created.
 *
 * Both ways run once first, unmeasured (warm-up). Every machine gets `--tags` tags (5). Rates are machines per second through the engine
 * (validation included); the ratio is bulk ÷ one by one, marked when under 10. Also prints the
 * median and longest batch (how long one call holds SQLite's event loop or Redis's server).
 * Flags: `--stores` (sqlite,postgres,redis), `--single` (2000 machines one by one), `--bulk`
 * (20000 machines in batches), `--tags` (5). Uses `TAGOUT_PG_URL` (postgres://postgres@127.0.0.1:5432/test)
 * and `TAGOUT_REDIS_URL` (redis://127.0.0.1:6379); what it creates is removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CreateMachineInput, type Engine, LIMITS, openEngine, type Store } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, dropRedisNamespace, Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import { cliArgs } from './lib/cli-args.js';
import { percentile } from './lib/percentile.js';
import { formatRatioTable, type RatioRow } from './lib/table.js';
import { benchPool } from './postgres-setup.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    stores: { type: 'string', default: 'sqlite,postgres,redis' },
    single: { type: 'string', default: '2000' },
    bulk: { type: 'string', default: '20000' },
    tags: { type: 'string', default: '5' },
  },
});
const singleCount = Number(values.single);
const bulkCount = Number(values.bulk);
const tagCount = Number(values.tags);
const BATCH = LIMITS.bulkWrite;

/** A store to measure, and how to remove what it wrote. */
interface Subject {
  name: string;
  store: Store;
  cleanup(): Promise<void>;
}

const suffix = Math.random().toString(16).slice(2, 10);

async function sqliteSubject(): Promise<Subject> {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-bulk-'));
  return {
    name: 'sqlite (file, WAL)',
    store: createSqliteStore({ path: join(dir, 'bench.db') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresSubject(): Promise<Subject> {
  const pool = benchPool(process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 4);
  const schema = `bench_bulk_${suffix}`;
  return {
    name: 'postgres',
    store: createPostgresStore({ pool, schema }),
    cleanup: async () => {
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    },
  };
}

async function redisSubject(): Promise<Subject> {
  const url = process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bench-bulk-${suffix}`;
  return {
    name: 'redis',
    store: createRedisStore({ url, prefix }),
    cleanup: async () => {
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

/** Runs `step` on each item in turn: items per second. */
async function oneByOne<T>(items: readonly T[], step: (item: T) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (const item of items) await step(item);
  return items.length / ((performance.now() - start) / 1000);
}

/** Runs `step` on each batch in turn: items per second and every batch's ms. */
async function inBatches<T>(
  items: readonly T[],
  step: (batch: T[]) => Promise<unknown>,
): Promise<{ rate: number; ms: number[] }> {
  const ms: number[] = [];
  const start = performance.now();
  for (const batch of batches(items)) {
    const began = performance.now();
    await step(batch);
    ms.push(performance.now() - began);
  }
  return { rate: items.length / ((performance.now() - start) / 1000), ms };
}

/** Both ways once, unmeasured, so neither is measured with a cold JIT, driver or cache. */
async function warmUp(engine: Engine): Promise<void> {
  const some = machines(2 * BATCH);
  for (const input of some.slice(0, 200)) await engine.createMachine(input);
  await engine.createMachines(some.slice(BATCH));
  for (const input of some.slice(0, 200)) await engine.setTags(input.id, tagsOf(0, 'warm'));
  await engine.setTagsMany(some.slice(BATCH).map((input) => ({ machineId: input.id, tags: input.tags })));
}

async function measure(engine: Engine, name: string): Promise<{ rows: RatioRow[]; notes: string[] }> {
  await warmUp(engine);
  const single = machines(singleCount);
  const bulk = machines(bulkCount);
  const createOne = await oneByOne(single, (input) => engine.createMachine(input));
  const createMany = await inBatches(bulk, (batch) => engine.createMachines(batch));
  const setOne = await oneByOne(
    single.map((input, i) => ({ machineId: input.id, tags: tagsOf(i, 'installed') })),
    (entry) => engine.setTags(entry.machineId, entry.tags),
  );
  const setMany = await inBatches(bulk, (batch) =>
    engine.setTagsMany(batch.map((input, i) => ({ machineId: input.id, tags: tagsOf(i, 'installed') }))),
  );
  const batchMs = (ms: number[]) =>
    `median ${percentile(
      [...ms].sort((a, b) => a - b),
      50,
    ).toFixed(1)} ms, longest ${Math.max(...ms).toFixed(1)} ms`;
  return {
    rows: [
      { label: 'createMachine(s)', mode: name, subject: createMany.rate, floor: createOne, target: 10 },
      { label: 'setTags(Many)', mode: name, subject: setMany.rate, floor: setOne, target: 10 },
    ],
    notes: [
      `${name}: one createMachines batch of ${BATCH}: ${batchMs(createMany.ms)}`,
      `${name}: one setTagsMany batch of ${BATCH}: ${batchMs(setMany.ms)}`,
    ],
  };
}

const rows: RatioRow[] = [];
const notes: string[] = [];
for (const key of values.stores.split(',')) {
  const make = SUBJECTS[key];
  if (make === undefined)
    throw new Error(`unknown store ${key} (known: ${Object.keys(SUBJECTS).join(', ')})`);
  const subject = await make();
  const engine = await openEngine({ store: subject.store, processes: ['Import'] });
  try {
    const measured = await measure(engine, subject.name);
    rows.push(...measured.rows);
    notes.push(...measured.notes);
  } finally {
    await engine.close();
    await subject.cleanup();
  }
}

console.log(
  `machines per second, ${tagCount} tags each: ${singleCount} one by one, ${bulkCount} in batches of ${BATCH}\n`,
);
console.log(formatRatioTable(rows, { subject: 'bulk', floor: 'one by one' }, 10));
console.log(`\n${notes.join('\n')}`);
