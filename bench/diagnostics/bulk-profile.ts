/**
 * `tsx bench/diagnostics/bulk-profile.ts`: where a bulk write's time goes, per store, below the engine (the
 * split `pnpm bench:bulk` prints is engine vs store; this splits the store's part). `--batches`
 * batches of 1,000 machines with `--tags` tags (5), random ids, after as many unmeasured:
 * - SQLite (a file, WAL): µs per machine spent in the statements and in `COMMIT` (which writes
 *   the dirty pages to the WAL and, past 1,000 pages, checkpoints), for one machine per
 *   transaction and for a batch per transaction, create and set tags;
 * - Postgres: a batch's round trip, its arguments alone (a statement that only reads them), and
 *   the server's execution of the function (`EXPLAIN ANALYZE`, rolled back);
 * - Redis (a private server): a batch's round trip, its arguments alone (a script returning 1 on
 *   the same ARGV), and the server's µs in the script (`INFO commandstats`).
 * Medians, ms per batch unless said. `--stores` picks (sqlite,postgres,redis).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MachineWrite, TagsWrite } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore } from '@tagout/store-redis';
import { checkMachineWrites } from '../../packages/core/src/bulk-writes.js';
import { bulkArgs } from '../../packages/store-postgres/src/bulk-args.js';
import { batchArgs } from '../../packages/store-redis/src/bulk-args.js';
import { openConnection } from '../../packages/store-sqlite/src/connection.js';
import { writeTags } from '../../packages/store-sqlite/src/steps.js';
import { cliArgs } from '../lib/cli-args.js';
import { percentile } from '../lib/percentile.js';
import { startBenchRedis } from '../lib/private-redis.js';
import { benchPool } from '../postgres/postgres-setup.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    stores: { type: 'string', default: 'sqlite,postgres,redis' },
    batches: { type: 'string', default: '10' },
    tags: { type: 'string', default: '5' },
  },
});
const BATCHES = Number(values.batches);
const TAGS = Number(values.tags);
const BATCH = 1000;

/** A batch of machines with fresh random ids, checked as the engine checks them. */
function batch(state = 'provided', ids?: readonly string[]): MachineWrite[] {
  const tags = (i: number) =>
    Object.fromEntries(
      Array.from({ length: TAGS }, (_, k) => [`Tag${k}`, { state, rack: `r-${i % 97}`, slot: i, k }]),
    );
  const inputs = Array.from({ length: ids?.length ?? BATCH }, (_, i) => ({
    id: ids?.[i] ?? crypto.randomUUID(),
    tags: tags(i),
  }));
  return checkMachineWrites(inputs) as MachineWrite[];
}

const asTags = (machines: readonly MachineWrite[]): TagsWrite[] =>
  machines.map((m) => ({ machineId: m.id, tags: m.tags }));

/** The median of the samples collected under each label. */
class Samples {
  readonly #by = new Map<string, number[]>();
  add(label: string, value: number): void {
    this.#by.set(label, [...(this.#by.get(label) ?? []), value]);
  }
  median(label: string): number {
    return percentile(
      [...(this.#by.get(label) ?? [])].sort((a, b) => a - b),
      50,
    );
  }
}

async function timed(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function sqlite(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-bulk-profile-'));
  const c = openConnection({ path: join(dir, 'profile.db'), busyTimeoutMs: 5000 });
  const begin = c.db.prepare('BEGIN IMMEDIATE');
  const commit = c.db.prepare('COMMIT');
  const samples = new Samples();
  const created: MachineWrite[] = [];
  /** Writes `machines` `perTransaction` at a time, timing statements and COMMIT apart (µs per machine). */
  let now = 0;
  const run = (label: string, machines: readonly MachineWrite[], perTransaction: number, create: boolean) => {
    let statements = 0;
    let committing = 0;
    for (let i = 0; i < machines.length; i += perTransaction) {
      const start = performance.now();
      begin.run();
      now += 1; // a new updated_at: an upsert of identical bytes would leave its page clean
      for (const machine of machines.slice(i, i + perTransaction)) {
        if (create) c.sql.insertMachine.run(machine.id, now);
        else c.sql.machineExists.get(machine.id);
        writeTags(c, machine.id, machine.tags, now);
      }
      const middle = performance.now();
      commit.run();
      statements += middle - start;
      committing += performance.now() - middle;
    }
    samples.add(`${label} statements`, (statements * 1000) / machines.length);
    samples.add(`${label} COMMIT`, (committing * 1000) / machines.length);
  };
  try {
    for (let round = 0; round < 2 * BATCHES; round++) {
      const many = batch();
      const few = batch().slice(0, 200);
      created.push(...many, ...few);
      run('create, a batch per transaction:', many, BATCH, true);
      run('create, one machine per transaction:', few, 1, true);
      const pick = () => created[Math.floor(Math.random() * created.length)]!;
      run('set tags, a batch per transaction:', Array.from({ length: BATCH }, pick), BATCH, false);
      run('set tags, one machine per transaction:', Array.from({ length: 200 }, pick), 1, false);
    }
    return [
      'create, a batch per transaction:',
      'create, one machine per transaction:',
      'set tags, a batch per transaction:',
      'set tags, one machine per transaction:',
    ].map(
      (label) =>
        `- sqlite, ${label} µs per machine: statements ${samples.median(`${label} statements`).toFixed(1)}, ` +
        `COMMIT ${samples.median(`${label} COMMIT`).toFixed(1)}`,
    );
  } finally {
    c.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<string[]> {
  const pool = benchPool(process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 2);
  const schema = `bench_bulk_profile_${process.pid}`;
  const s = `"${schema}"`;
  const store = createPostgresStore({ pool, schema });
  const samples = new Samples();
  const call = (fn: string) =>
    `select ${s}.${fn}($1::uuid[], $2::int4[], $3::text, $4::text, $5::float8) as r`;
  /** The server's execution time of `sql` (EXPLAIN ANALYZE, in a transaction rolled back). */
  const serverMs = async (sql: string, args: unknown[]) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query(`explain (analyze, format json) ${sql}`, args);
      const [plan] = (rows[0] as { 'QUERY PLAN': [{ 'Execution Time': number }] })['QUERY PLAN'];
      return plan['Execution Time'];
    } finally {
      await client.query('rollback');
      client.release();
    }
  };
  const argsOnly =
    'select cardinality($1::uuid[]) + cardinality($2::int4[]) + length($3) + length($4) + coalesce($5::float8, 0)';
  try {
    await store.open();
    for (let round = 0; round < 2 * BATCHES; round++) {
      const machines = batch();
      const args = bulkArgs(
        machines.map((m) => [m.id, m.tags] as const),
        undefined,
      );
      if (round >= BATCHES) {
        samples.add('create server', await serverMs(call('create_machines'), args));
        samples.add('args', await timed(() => pool.query(argsOnly, args)));
      }
      samples.add('create', await timed(() => store.createMachines({ machines })));
      const again = asTags(
        batch(
          'installed',
          machines.map((m) => m.id),
        ),
      );
      const setArgs = bulkArgs(
        again.map((m) => [m.machineId, m.tags] as const),
        undefined,
      );
      if (round >= BATCHES) samples.add('set server', await serverMs(call('set_tags_many'), setArgs));
      samples.add('set', await timed(() => store.setTagsMany({ machines: again })));
    }
    return ['create', 'set'].map(
      (op) =>
        `- postgres, ${op === 'create' ? 'createMachines' : 'setTagsMany'}: ${samples.median(op).toFixed(1)} ms a batch; ` +
        `its arguments alone ${samples.median('args').toFixed(1)} ms; the function on the server ${samples.median(`${op} server`).toFixed(1)} ms`,
    );
  } finally {
    await pool.query(`drop schema if exists ${s} cascade`);
    await pool.end();
  }
}

async function redis(): Promise<string[]> {
  const server = await startBenchRedis();
  const store = createRedisStore({ client: server.client, prefix: 'profile' });
  const samples = new Samples();
  const scriptUs = async () =>
    Number(/cmdstat_evalsha:calls=\d+,usec=(\d+)/.exec(await server.client.info('commandstats'))?.[1] ?? 0);
  const returnOne = (await server.client.script('LOAD', 'return 1')) as string;
  /** A batch through the store: round trip ms and the server's ms in scripts. */
  const measure = async (label: string, work: () => Promise<unknown>) => {
    const before = await scriptUs();
    samples.add(label, await timed(work));
    samples.add(`${label} server`, ((await scriptUs()) - before) / 1000);
  };
  try {
    await store.open();
    for (let round = 0; round < 2 * BATCHES; round++) {
      const machines = batch();
      const args = batchArgs(
        undefined,
        machines.map((m) => [m.id, m.tags] as const),
      );
      samples.add(
        'args',
        await timed(() => server.client.evalsha(returnOne, 1, 'tagout:{profile}:', ...args)),
      );
      await measure('create', () => store.createMachines({ machines }));
      const again = asTags(
        batch(
          'installed',
          machines.map((m) => m.id),
        ),
      );
      await measure('set', () => store.setTagsMany({ machines: again }));
    }
    return ['create', 'set'].map(
      (op) =>
        `- redis, ${op === 'create' ? 'createMachines' : 'setTagsMany'}: ${samples.median(op).toFixed(1)} ms a batch; ` +
        `its arguments alone ${samples.median('args').toFixed(1)} ms; the script on the server ${samples.median(`${op} server`).toFixed(1)} ms`,
    );
  } finally {
    await server.stop();
  }
}

const lines: string[] = [];
for (const name of values.stores.split(',')) {
  if (name === 'sqlite') lines.push(...sqlite());
  else if (name === 'postgres') lines.push(...(await postgres()));
  else if (name === 'redis') lines.push(...(await redis()));
  else throw new Error(`unknown store ${name} (known: sqlite, postgres, redis)`);
}
console.log(`Batches of ${BATCH} machines, ${TAGS} tags each, random ids; medians of ${BATCHES} batches:\n`);
console.log(lines.join('\n'));
