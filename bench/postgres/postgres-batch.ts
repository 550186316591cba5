/**
 * `pnpm bench:pg:batch`: claims per second on Postgres, batched (`session.workMany`, limit 32)
 * against single claims by filter (`session.work`), through the engine, 1 and 8 concurrent
 * workers (a session each, a pool of 8). Each run claims the same number of machines from a
 * fleet where every machine is eligible, holding what it claimed (claims only: ending the work
 * is the same cost either way); the state is emptied before every run. Single and batched runs
 * alternate in rounds and the best round of each counts. Target: batched ÷ single ≥ 3.
 *
 * Flags: `--claims N` per run (default 8000), `--machines N` (default 20000), `--limit N` (default
 * 32), `--rounds N` (default 3). Env: TAGOUT_PG_URL.
 */
import { parseArgs } from 'node:util';
import { type Engine, openEngine, type Session } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { cliArgs } from '../lib/cli-args.js';
import { benchPool, resetCycles, seedMachines } from './postgres-setup.js';

const URL = process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const POOL_SIZE = 8;
const TARGET_RATIO = 3;
const { values } = parseArgs({
  args: cliArgs(),
  options: {
    claims: { type: 'string', default: '8000' },
    machines: { type: 'string', default: '20000' },
    limit: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
  },
});
const CLAIMS = Number(values.claims);
const MACHINES = Number(values.machines);
const LIMIT = Number(values.limit);
const ROUNDS = Number(values.rounds);
const WHERE = { has: 'Provided' };

type Mode = 'single' | 'batched';

/** Claims `quota` machines on `session`, one claim or one batch at a time. */
async function claimQuota(session: Session, mode: Mode, quota: number): Promise<void> {
  let claimed = 0;
  while (claimed < quota) {
    if (mode === 'single') {
      if ((await session.work('Recovery', { where: WHERE })) === null) throw new Error('bench: seed more');
      claimed++;
    } else {
      const limit = Math.min(LIMIT, quota - claimed);
      const works = await session.workMany('Recovery', { where: WHERE, limit });
      if (works.length === 0) throw new Error('bench: seed more');
      claimed += works.length;
    }
  }
}

/** Claims per second of one run: `workers` sessions share `CLAIMS` claims. */
async function run(engine: Engine, mode: Mode, workers: number): Promise<number> {
  const sessions = await Promise.all(
    Array.from({ length: workers }, () =>
      engine.startSession({ component: 'bench', intervalMs: 600_000, heartbeat: false }),
    ),
  );
  const start = performance.now();
  await Promise.all(sessions.map((session) => claimQuota(session, mode, CLAIMS / workers)));
  const seconds = (performance.now() - start) / 1000;
  return CLAIMS / seconds;
}

async function main(): Promise<void> {
  const pool = benchPool(URL, POOL_SIZE, `tagout_bench_${process.pid}`);
  const schema = `bench_batch_${crypto.randomUUID().slice(0, 8)}`;
  const engine = await openEngine({ store: createPostgresStore({ pool, schema }), processes: ['Recovery'] });
  try {
    await seedMachines(pool, schema, MACHINES, 100);
    console.log(
      `claims/s, ${MACHINES} machines all eligible, ${CLAIMS} claims per run, pool of ${POOL_SIZE}, best of ${ROUNDS}`,
    );
    console.log('workers   single/s   batched/s (limit %d)   ratio', LIMIT);
    for (const workers of [1, 8]) {
      const best: Record<Mode, number> = { single: 0, batched: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        for (const mode of ['single', 'batched'] as const) {
          await resetCycles(pool, schema);
          best[mode] = Math.max(best[mode], await run(engine, mode, workers));
        }
      }
      const ratio = best.batched / best.single;
      const mark = ratio >= TARGET_RATIO ? '(target ≥ 3 met)' : '(target ≥ 3 MISSED)';
      console.log(
        `${String(workers).padStart(7)} ${best.single.toFixed(0).padStart(10)} ${best.batched
          .toFixed(0)
          .padStart(21)} ${ratio.toFixed(2).padStart(7)}  ${mark}`,
      );
    }
  } finally {
    await engine.close();
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

await main();
