/**
 * `pnpm bench:backoff-expiry`: how long after a backoff ends does an idle runner claim the pair?
 * Issue #14's target: p50 ≤ 50 ms. On each store, `--machines` machines (default 300) are
 * eligible; one runner (concurrency 8, the runner's defaults otherwise: no safety poll sooner than
 * 30 s) fails each machine's first attempt with its own backoff, from 200 ms to 3 s apart, without
 * jitter, then finishes the second. The delay of a machine is the time from its backoff's end (the
 * store clock's `until`, from the `failed` event) to its second handler start (`Date.now()` in the
 * worker's process, the same host's clock). Between backoff ends the runner waits on
 * `engine.waitForWork`, which wakes at the earliest backoff end a claim that found nothing reported
 * (`retryInMs`): no polling. Prints p50 / p99 / max per store, and whether p50 met the target.
 *
 * Stores: SQLite (a temporary file), Postgres (`TAGOUT_PG_URL`, default
 * postgres://postgres@127.0.0.1:5432/test, a schema of its own, dropped afterwards), Redis
 * (`TAGOUT_REDIS_URL`, default redis://127.0.0.1:6379, a key prefix of its own, removed
 * afterwards). `--stores` picks some (default `sqlite,postgres,redis`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEngine, type Store } from '@tagout/core';
import { FailWork, runWorker } from '@tagout/runner';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, dropRedisNamespace, Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import pg from 'pg';
import { cliArgs } from '../lib/cli-args.js';
import { percentile } from '../lib/percentile.js';
import { runHeading, startRun } from '../lib/run-header.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    machines: { type: 'string', default: '300' },
    stores: { type: 'string', default: 'sqlite,postgres,redis' },
  },
});
const MACHINES = Number(values.machines);
const TARGET_P50_MS = 50;
const PROCESS = 'Bench';
/** Backoffs from 200 ms to 3 s, spread evenly over the machines. */
const backoffMs = (index: number) => 200 + Math.round((2800 * index) / MACHINES);

/** A fresh store of `kind`, and how to remove it afterwards. */
function openStore(kind: string): { store: Store; drop: () => Promise<void> } {
  const name = `bench_expiry_${process.pid}`;
  if (kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    return {
      store: createPostgresStore({ pool, schema: name }),
      drop: async () => {
        await pool.query(`drop schema if exists "${name}" cascade`);
        await pool.end();
      },
    };
  }
  if (kind === 'redis') {
    const client = new Redis(process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6379');
    return {
      store: createRedisStore({ client, prefix: name }),
      drop: async () => {
        await dropRedisNamespace(client, name);
        client.disconnect();
      },
    };
  }
  if (kind !== 'sqlite') throw new Error(`unknown store ${kind}: sqlite, postgres or redis`);
  const dir = mkdtempSync(join(tmpdir(), 'tagout-expiry-'));
  return {
    store: createSqliteStore({ path: join(dir, 'bench.db') }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The delays (ms) from each machine's backoff end to its second handler start, on `kind`. */
async function measure(kind: string): Promise<number[]> {
  const { store, drop } = openStore(kind);
  const engine = await openEngine({ store, processes: [PROCESS] });
  try {
    const machines = await engine.createMachines(Array.from({ length: MACHINES }, () => ({})));
    const indexOf = new Map(machines.map((machine, index) => [machine.id, index]));
    const until = new Map<string, number>();
    engine.on('failed', (event) => until.set(event.machineId, event.until));
    const delays: number[] = [];
    let finished = 0;
    let resolveAllDone = () => {};
    const allDone = new Promise<void>((resolve) => {
      resolveAllDone = resolve;
    });
    const worker = runWorker(engine, {
      component: 'bench-expiry',
      process: PROCESS,
      where: { lacks: 'Done' },
      concurrency: 8,
      handle: (work) => {
        const id = work.machine.id;
        const end = until.get(id);
        if (end === undefined) {
          const initialMs = backoffMs(indexOf.get(id) ?? 0);
          throw new FailWork('first attempt', { policy: { initialMs, jitter: 0 } });
        }
        delays.push(Date.now() - end);
        if (++finished === MACHINES) resolveAllDone();
        return { setTags: { Done: true } };
      },
      onError: (error) => console.warn(`bench: ${String(error)}`),
    });
    await allDone;
    await worker.stop();
    return delays;
  } finally {
    await engine.close();
    await drop();
  }
}

const run = startRun();
const rows: string[] = [];
for (const kind of values.stores.split(',')) {
  const delays = (await measure(kind)).sort((a, b) => a - b);
  const [p50, p99, max] = [percentile(delays, 50), percentile(delays, 99), delays.at(-1) ?? Number.NaN];
  const verdict = p50 <= TARGET_P50_MS ? 'met' : '**missed**';
  rows.push(
    `| ${kind} | ${delays.length} | ${p50.toFixed(1)} | ${p99.toFixed(1)} | ${max.toFixed(1)} | ${verdict} |`,
  );
  console.log(`${kind}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
}
console.log(`\n${runHeading(run, `pnpm bench:backoff-expiry --machines ${MACHINES}`)}\n`);
console.log(`| store | backoffs | p50 ms | p99 ms | max ms | p50 ≤ ${TARGET_P50_MS} ms |`);
console.log('|---|---:|---:|---:|---:|---|');
for (const row of rows) console.log(row);
