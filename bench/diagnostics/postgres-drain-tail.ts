/**
 * `tsx bench/diagnostics/postgres-drain-tail.ts`: does the end of a drain go as fast as the rest?
 * `--workers` loops share one session and claim by filter (`lacks: Done`) then finish with
 * `Done`, one machine at a time, until none is left; prints items per second over the first nine
 * tenths and over the last tenth, and their ratio. A claim that walks from a random id leaves the
 * machines still eligible in clusters between long runs of done ones, and the last tenth ran at a
 * quarter of the rest's rate; from the store's cursor it keeps most of it (docs/performance.md,
 * "Session 7"). Flags: `--machines N` (default 20000), `--workers N` (default 8). Env:
 * TAGOUT_PG_URL.
 */
import { parseArgs } from 'node:util';
import { LIMITS, openEngine } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import pg from 'pg';
import { cliArgs } from '../lib/cli-args.js';

const URL = process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({
  args: cliArgs(),
  options: { machines: { type: 'string', default: '20000' }, workers: { type: 'string', default: '8' } },
});
const MACHINES = Number(values.machines);
const WORKERS = Number(values.workers);

const pool = new pg.Pool({ connectionString: URL, max: WORKERS + 1 });
const schema = `bench_tail_${crypto.randomUUID().slice(0, 8)}`;
const engine = await openEngine({ store: createPostgresStore({ pool, schema }), processes: ['Drain'] });
try {
  for (let made = 0; made < MACHINES; made += LIMITS.bulkWrite) {
    const size = Math.min(LIMITS.bulkWrite, MACHINES - made);
    await engine.createMachines(Array.from({ length: size }, () => ({})));
  }
  const session = await engine.startSession({ component: 'bench', intervalMs: 600_000 });
  const tailFrom = Math.floor(MACHINES * 0.9);
  let done = 0;
  let tailStartedAt = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (;;) {
        const work = await session.work('Drain', { where: { lacks: 'Done' } });
        if (work === null) return;
        await work.finish({ setTags: { Done: true } });
        if (++done === tailFrom) tailStartedAt = performance.now();
      }
    }),
  );
  const endedAt = performance.now();
  await session.close();
  const rate = (items: number, ms: number) => items / (ms / 1000);
  const head = rate(tailFrom, tailStartedAt - startedAt);
  const tail = rate(done - tailFrom, endedAt - tailStartedAt);
  console.log(`${MACHINES} machines, ${WORKERS} workers, claim by filter + finish: ${done} done`);
  console.log(`first nine tenths ${head.toFixed(0)} items/s, last tenth ${tail.toFixed(0)} items/s`);
  console.log(`last tenth ÷ the rest: ${(tail / head).toFixed(2)}`);
} finally {
  await engine.close();
  await pool.query(`drop schema if exists "${schema}" cascade`);
  await pool.end();
}
