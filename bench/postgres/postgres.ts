/**
 * `pnpm bench:pg`: the Postgres store against the floor, and claim latency by fleet size.
 *
 * 1. Cycles per second of (claim by filter + finish) and (claim by filter + fail) through the
 *    engine, 1 and 8 concurrent workers, beside the floor measured in the same run: the same
 *    rows written with the fewest plain `pg` statements (insert work + history; delete work +
 *    history, + backoff on fail), same pool size, both sides' statements prepared by name. Floor
 *    and store runs alternate in rounds and the best round of each counts, so background load
 *    does not favour one side. Beside it, CPU per cycle (this process + the pool's backends,
 *    summed over all rounds): unlike throughput it hardly moves with other load on the machine.
 * 2. Claim latency p50/p99 by filter with 10,000 and 1,000,000 machines (seeded in bulk with
 *    generate_series), 1 % eligible, and the plan of the claim's candidate query at 1,000,000.
 *
 * Flags: `--duration-ms N` per run (default 2000), `--rounds N` (default 3), `--claims N`
 * latency samples per size (default 2000), `--big N` (default 1000000). Env: TAGOUT_PG_URL.
 */
import { parseArgs } from 'node:util';
import { type Engine, openEngine } from '@tagout/core';
import { CLAIM_WALK_VALUES, claimFilterSql, createPostgresStore } from '@tagout/store-postgres';
import { cliArgs } from '../lib/cli-args.js';
import { cpuSeconds } from './postgres-cpu.js';
import { benchPool, floorStatements, type PgPool, resetCycles, seedMachines } from './postgres-setup.js';

const URL = process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const POOL_SIZE = 8;
const CYCLE_MACHINES = 20_000;
const TARGET_RATIO = 0.6;
const { values } = parseArgs({
  args: cliArgs(),
  options: {
    'duration-ms': { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    claims: { type: 'string', default: '2000' },
    big: { type: 'string', default: '1000000' },
  },
});
const DURATION_MS = Number(values['duration-ms']);
const ROUNDS = Number(values.rounds);
const CLAIMS = Number(values.claims);
const BIG = Number(values.big);
/** application_name of the cycle runs' pool, by which their backends' CPU is found. */
const APP_NAME = `tagout_bench_${process.pid}`;
const schemaName = (label: string) => `bench_${label}_${crypto.randomUUID().slice(0, 8)}`;

type End = 'finish' | 'fail';

/** One run: cycles per second, and the cycles run. */
interface Run {
  perS: number;
  cycles: number;
}

/** Runs `workers` loops of `cycle` for the duration. */
async function rate(workers: number, cycle: (worker: number) => Promise<void>): Promise<Run> {
  const stopAt = performance.now() + DURATION_MS;
  let count = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < stopAt) {
        await cycle(worker);
        count++;
      }
    }),
  );
  return { perS: count / ((performance.now() - start) / 1000), cycles: count };
}

/** Best cycles/s of the rounds, and CPU seconds and cycles summed over them. */
interface Tally {
  best: number;
  cpuS: number;
  cycles: number;
}

/** Runs `run` and adds it to `tally`, with the CPU it took (this process and the backends). */
async function tallied(tally: Tally, pool: PgPool, run: () => Promise<Run>): Promise<void> {
  const before = await cpuSeconds(pool, APP_NAME);
  const result = await run();
  tally.cpuS += (await cpuSeconds(pool, APP_NAME)) - before;
  tally.cycles += result.cycles;
  tally.best = Math.max(tally.best, result.perS);
}

async function storeRate(engine: Engine, workers: number, end: End): Promise<Run> {
  const sessions = await Promise.all(
    Array.from({ length: workers }, () => engine.startSession({ component: 'bench', intervalMs: 60_000 })),
  );
  const where = { has: 'Provided' };
  const result = await rate(workers, async (worker) => {
    const work = await sessions[worker]!.work('Recovery', { where });
    if (work === null) throw new Error('bench: no eligible machine (seed more)');
    if (end === 'finish') await work.finish();
    else await work.fail('bench', { initialMs: 1000 });
  });
  await Promise.all(sessions.map((session) => session.close()));
  return result;
}

async function floorRate(pool: PgPool, schema: string, ids: string[], workers: number, end: End) {
  const sql = floorStatements(schema);
  const claim = { name: `floor_claim_${schema}`, text: sql.claim };
  const outcome =
    end === 'finish'
      ? { name: `floor_finish_${schema}`, text: sql.finish }
      : { name: `floor_fail_${schema}`, text: sql.fail };
  const next = Array.from({ length: workers }, (_, worker) => worker);
  const session = crypto.randomUUID();
  return rate(workers, async (worker) => {
    const id = ids[next[worker]! % ids.length]!;
    next[worker]! += workers;
    await pool.query({ ...claim, values: [id, session, Date.now()] });
    await pool.query({ ...outcome, values: [id, Date.now()] });
  });
}

async function throughput(): Promise<void> {
  const pool = benchPool(URL, POOL_SIZE, APP_NAME);
  const schema = schemaName('cycles');
  const engine = await openEngine({ store: createPostgresStore({ pool, schema }), processes: ['Recovery'] });
  try {
    await seedMachines(pool, schema, CYCLE_MACHINES, 100);
    const ids = (await pool.query(`select id from "${schema}".machines order by id`)).rows.map((r) =>
      String(r.id),
    );
    console.log(
      `\ncycles/s, ${CYCLE_MACHINES} machines, pool of ${POOL_SIZE}, best of ${ROUNDS} × ${DURATION_MS} ms`,
    );
    console.log(
      'cycle            workers   store/s   floor/s   ratio | CPU µs/cycle: store   floor   ratio (floor/store)',
    );
    for (const end of ['finish', 'fail'] as const) {
      for (const workers of [1, 8]) {
        const store: Tally = { best: 0, cpuS: 0, cycles: 0 };
        const floor: Tally = { best: 0, cpuS: 0, cycles: 0 };
        for (let round = 0; round < ROUNDS; round++) {
          await resetCycles(pool, schema);
          await tallied(floor, pool, () => floorRate(pool, schema, ids, workers, end));
          await resetCycles(pool, schema);
          await tallied(store, pool, () => storeRate(engine, workers, end));
        }
        const ratio = store.best / floor.best;
        const storeCpu = (store.cpuS / store.cycles) * 1e6;
        const floorCpu = (floor.cpuS / floor.cycles) * 1e6;
        const mark =
          workers === 8 ? (ratio >= TARGET_RATIO ? '  (target ≥ 0.6 met)' : '  (target ≥ 0.6 MISSED)') : '';
        console.log(
          `claim + ${end.padEnd(7)} ${String(workers).padStart(7)} ${store.best.toFixed(0).padStart(9)} ${floor.best
            .toFixed(0)
            .padStart(9)} ${ratio.toFixed(2).padStart(7)} | ${storeCpu.toFixed(0).padStart(18)} ${floorCpu
            .toFixed(0)
            .padStart(7)} ${(floorCpu / storeCpu).toFixed(2).padStart(7)}${mark}`,
        );
      }
    }
  } finally {
    await engine.close();
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Claim latency at one fleet size; returns [p50, p99] in ms. */
async function latency(count: number, explain: boolean): Promise<[number, number]> {
  const pool = benchPool(URL, 2);
  const schema = schemaName('latency');
  const engine = await openEngine({ store: createPostgresStore({ pool, schema }), processes: ['Recovery'] });
  try {
    const seeding = performance.now();
    await seedMachines(pool, schema, count, 100);
    console.log(`seeded ${count} machines in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const session = await engine.startSession({ component: 'bench', intervalMs: 60_000 });
    const where = { and: [{ has: 'Provided' }, { has: 'NeedsRecovery' }] };
    const samples: number[] = [];
    for (let i = 0; i < CLAIMS + 100; i++) {
      const start = performance.now();
      const work = await session.work('Recovery', { where });
      const took = performance.now() - start;
      if (work === null) throw new Error('bench: nothing eligible');
      if (i >= 100) samples.push(took);
      // Finish or cancel: the machine stays eligible, so 1 % of the fleet stays eligible.
      if (i % 2 === 0) await work.finish();
      else await work.cancel();
    }
    if (explain) {
      const q = claimFilterSql(
        {
          kind: 'and',
          filters: [
            { kind: 'has', tag: 'Provided' },
            { kind: 'has', tag: 'NeedsRecovery' },
          ],
        },
        `"${schema}"`,
      );
      const { rows } = await pool.query(
        `explain (analyze, costs off, timing off)
           with c as (select true as alive, $4::float8 as now, ${CLAIM_WALK_VALUES}), p as (select $7::uuid)
           select x.* from c, lateral (${q.pick}) x`,
        [q.texts, q.jsons, q.nums, Date.now(), 'Recovery', ['Recovery'], null, crypto.randomUUID()],
      );
      console.log(
        `candidate query at ${count} machines:\n  ${rows.map((r) => r['QUERY PLAN']).join('\n  ')}`,
      );
    }
    await session.close();
    samples.sort((a, b) => a - b);
    return [quantile(samples, 0.5), quantile(samples, 0.99)];
  } finally {
    await engine.close();
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

async function main(): Promise<void> {
  const version = benchPool(URL, 1);
  const { rows } = await version.query('show server_version');
  await version.end();
  console.log(
    `tagout Postgres bench — PostgreSQL ${rows[0]?.server_version} at ${URL.replace(/\/\/[^@]*@/, '//')}`,
  );
  await throughput();
  console.log(`\nclaim-by-filter latency, 1 worker, 1 % eligible, ${CLAIMS} claims (after 100 warm-up)`);
  const small = await latency(10_000, false);
  const big = await latency(BIG, true);
  console.log('machines     p50 ms   p99 ms');
  console.log(
    `${String(10_000).padEnd(10)} ${small[0].toFixed(2).padStart(8)} ${small[1].toFixed(2).padStart(8)}`,
  );
  console.log(`${String(BIG).padEnd(10)} ${big[0].toFixed(2).padStart(8)} ${big[1].toFixed(2).padStart(8)}`);
  const ratio = big[1] / small[1];
  console.log(`p99 ratio ${BIG}/10000: ${ratio.toFixed(2)} (target ≤ 2: ${ratio <= 2 ? 'met' : 'MISSED'})`);
}

await main();
