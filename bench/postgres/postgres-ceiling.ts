/**
 * `pnpm bench:pg:ceiling [-- --rounds N --duration-ms N]`: how close to the floor a claim
 * by filter + finish can get at all, 8 workers. Beside the floor and the store it runs a "bare"
 * cycle: the store's own walk, lock and writes as one plain statement each, with none of the
 * checks that make them safe (no session lock, no version bump or re-read under the lock, no
 * backoff handling on finish, the clock passed in). Bare is not a correct store; it bounds what
 * any store that walks, locks and writes like this one can reach on this machine. Each round runs
 * floor, bare and store back to back; the best round of each counts, as in `bench:pg`.
 * Env: TAGOUT_PG_URL.
 */
import { parseArgs } from 'node:util';
import { CLAIM_WALK_VALUES, claimFilterSql, createPostgresStore, FIRST_ID } from '@tagout/store-postgres';
import { cliArgs } from '../lib/cli-args.js';
import { cpuSeconds } from './postgres-cpu.js';
import { benchPool, floorStatements, resetCycles, seedMachines } from './postgres-setup.js';

const URL = process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WORKERS = 8;
const { values } = parseArgs({
  args: cliArgs(),
  options: { rounds: { type: 'string', default: '3' }, 'duration-ms': { type: 'string', default: '3000' } },
});
const ROUNDS = Number(values.rounds);
const DURATION_MS = Number(values['duration-ms']);
const APP_NAME = `tagout_ceiling_${process.pid}`;
const pool = benchPool(URL, WORKERS, APP_NAME);
const schema = `bench_ceiling_${crypto.randomUUID().slice(0, 8)}`;
const s = `"${schema}"`;
const store = createPostgresStore({ pool, schema });
const filter = { kind: 'has' as const, tag: 'Provided' };
const claim = claimFilterSql(filter, s);

/** The store's walk and lock, then its writes as data-modifying CTEs; no checks after the lock. */
const bareClaim = `with c as materialized (
    select s.deadline > s.now as alive, s.*
      from (select (select deadline from ${s}.sessions where id = $7::uuid) as deadline, $4::float8 as now,
                   ${CLAIM_WALK_VALUES} offset 0) s),
  p as materialized (select c.now, x.* from c, lateral (${claim.pick}) x),
  w as (insert into ${s}.work (machine_id, process, session_id, token, started_at)
          select p.id, $5::text, $7::uuid, nextval('${s}.tokens'), p.now from p returning machine_id, token),
  h as (insert into ${s}.history (seq, machine_id, process, event, at, session_id, token)
          select token, machine_id, $5::text, 'Started', $4::float8, $7::uuid, token from w)
  select w.machine_id as id, w.token, t.name, t.value, t.updated_at
    from w left join ${s}.tags t on t.machine_id = w.machine_id`;
/** Finish without the backoff and tag handling: check the deadline, delete work, append Finished. */
const bareFinish = `with k as materialized (
    select (select deadline from ${s}.sessions where id = $1::uuid) as deadline, $4::float8 as now),
  ended as (delete from ${s}.work w using k
    where w.machine_id = $2::uuid and w.process = 'Recovery' and w.token = $3::int8 and w.session_id = $1::uuid
      and k.deadline > k.now returning w.token, k.now),
  h as (insert into ${s}.history (machine_id, process, event, at, session_id, token)
    select $2::uuid, 'Recovery', 'Finished', now, $1::uuid, token from ended)
  select exists (select 1 from ended) as ok`;

type Row = Record<string, unknown>;
const UNIQUE_VIOLATION = '23505';

interface Tally {
  best: number;
  /** CPU seconds of this process and of the pool's backends. */
  cpuS: number;
  /** CPU seconds of this process alone. */
  nodeS: number;
  cycles: number;
}

/**
 * Runs WORKERS loops of `cycle` (each with its own session) and adds the run to `tally`; a cycle
 * that returns false was a lost try, not counted.
 */
async function measure(tally: Tally, cycle: (sessionId: string, worker: number) => Promise<unknown>) {
  await resetCycles(pool, schema);
  const sessions = await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      const id = crypto.randomUUID();
      await store.createSession({
        id,
        component: 'bench',
        runtimeInfo: '',
        intervalMs: 600_000,
        retentionMs: 0,
      });
      return id;
    }),
  );
  const cpu0 = await cpuSeconds(pool, APP_NAME);
  const node0 = process.cpuUsage();
  const start = performance.now();
  const stopAt = start + DURATION_MS;
  let cycles = 0;
  // allSettled: a failing worker must not leave the others running into the next round.
  const workers = await Promise.allSettled(
    sessions.map(async (sessionId, worker) => {
      while (performance.now() < stopAt) {
        if ((await cycle(sessionId, worker)) !== false) cycles++;
      }
    }),
  );
  for (const worker of workers) if (worker.status === 'rejected') throw worker.reason;
  const perS = cycles / ((performance.now() - start) / 1000);
  const node = process.cpuUsage(node0);
  tally.cpuS += (await cpuSeconds(pool, APP_NAME)) - cpu0;
  tally.nodeS += (node.user + node.system) / 1e6;
  tally.cycles += cycles;
  tally.best = Math.max(tally.best, perS);
}

try {
  await store.open();
  await seedMachines(pool, schema, 20_000, 100);
  const ids = (await pool.query(`select id from ${s}.machines order by id`)).rows.map((r) => String(r.id));
  const floorSql = floorStatements(schema);
  const next = Array.from({ length: WORKERS }, (_, worker) => worker);
  const floor: Tally = { best: 0, cpuS: 0, nodeS: 0, cycles: 0 };
  const bare: Tally = { best: 0, cpuS: 0, nodeS: 0, cycles: 0 };
  const real: Tally = { best: 0, cpuS: 0, nodeS: 0, cycles: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    await measure(floor, async (sessionId, worker) => {
      const id = ids[next[worker]! % ids.length];
      next[worker]! += WORKERS;
      await pool.query({
        name: 'ceiling_floor_claim',
        text: floorSql.claim,
        values: [id, sessionId, Date.now()],
      });
      await pool.query({ name: 'ceiling_floor_finish', text: floorSql.finish, values: [id, Date.now()] });
    });
    await measure(bare, async (sessionId) => {
      const args = [claim.texts, claim.jsons, claim.nums, Date.now(), 'Recovery', ['Recovery'], sessionId];
      const run = (start: string) =>
        pool.query({ name: 'ceiling_bare_claim', text: bareClaim, values: [...args, start] });
      let rows: Row[];
      try {
        ({ rows } = await run(crypto.randomUUID()));
        if (rows.length === 0) ({ rows } = await run(FIRST_ID));
      } catch (error) {
        // Without the version check, a claim that committed after this one's snapshot makes its
        // insert collide (23505): bare counts it as a lost try, as a store would retry it.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
        throw error;
      }
      const row = rows[0];
      if (row === undefined) throw new Error('bench: no eligible machine');
      await pool.query({
        name: 'ceiling_bare_finish',
        text: bareFinish,
        values: [sessionId, row.id, row.token, Date.now()],
      });
      return true;
    });
    await measure(real, async (sessionId) => {
      const claimed = await store.claim({
        sessionId,
        process: 'Recovery',
        blockers: ['Recovery'],
        target: { filter },
      });
      if (!claimed.ok) throw new Error(`bench: claim ${claimed.reason}`);
      const { machine, token } = claimed.work;
      const ref = { sessionId, process: 'Recovery', machineId: machine.id, token };
      const finished = await store.finish({ ...ref, setTags: {}, deleteTags: [] });
      if (!finished.ok) throw new Error(`bench: finish ${finished.reason}`);
    });
  }
  console.log(`claim by filter + finish, ${WORKERS} workers, best of ${ROUNDS} × ${DURATION_MS} ms`);
  console.log('cycle        cycles/s   ratio to floor | CPU µs/cycle: all   Node   backends');
  for (const [name, tally] of [
    ['floor', floor],
    ['bare', bare],
    ['store', real],
  ] as const) {
    const us = (seconds: number) => ((seconds / tally.cycles) * 1e6).toFixed(0);
    console.log(
      `${name.padEnd(12)} ${tally.best.toFixed(0).padStart(8)} ${(tally.best / floor.best).toFixed(2).padStart(16)} | ${us(tally.cpuS).padStart(17)} ${us(tally.nodeS).padStart(6)} ${us(tally.cpuS - tally.nodeS).padStart(10)}`,
    );
  }
} finally {
  await pool.query(`drop schema if exists ${s} cascade`);
  await pool.end();
}
