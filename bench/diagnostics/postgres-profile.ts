/**
 * `tsx bench/diagnostics/postgres-profile.ts`: where a cycle's CPU goes, one worker on one connection —
 * Node (engine + driver) and the Postgres backend apart, for the store's cycles, the floor's,
 * and each store operation on its own. Flags: `--cycles N` (default 2000).
 */
import { parseArgs } from 'node:util';
import { openEngine } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { cliArgs } from '../lib/cli-args.js';
import { cpuSeconds } from '../postgres/postgres-cpu.js';
import { benchPool, floorStatements, resetCycles, seedMachines } from '../postgres/postgres-setup.js';

const URL = process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const APP_NAME = `tagout_profile_${process.pid}`;
const { values } = parseArgs({ args: cliArgs(), options: { cycles: { type: 'string', default: '2000' } } });
const CYCLES = Number(values.cycles);

const pool = benchPool(URL, 1, APP_NAME);
const schema = `bench_profile_${crypto.randomUUID().slice(0, 8)}`;
const store = createPostgresStore({ pool, schema });
const engine = await openEngine({ store, processes: ['Recovery'] });

/** Runs `body` CYCLES times; prints µs per cycle of Node CPU, backend CPU, and wall time. */
async function profile(label: string, body: (i: number) => Promise<void>): Promise<void> {
  const node0 = process.cpuUsage();
  const all0 = await cpuSeconds(pool, APP_NAME);
  const wall0 = performance.now();
  for (let i = 0; i < CYCLES; i++) await body(i);
  const wall = performance.now() - wall0;
  const all = (await cpuSeconds(pool, APP_NAME)) - all0;
  const node = process.cpuUsage(node0);
  const nodeS = (node.user + node.system) / 1e6;
  const per = (s: number) => ((s / CYCLES) * 1e6).toFixed(0).padStart(8);
  console.log(`${label.padEnd(28)} ${per(nodeS)} ${per(all - nodeS)} ${per(wall / 1000)}`);
}

try {
  await seedMachines(pool, schema, 20_000, 100);
  const ids = (await pool.query(`select id from "${schema}".machines order by id`)).rows.map((r) =>
    String(r.id),
  );
  const session = await engine.startSession({ component: 'bench', intervalMs: 600_000 });
  const where = { has: 'Provided' };
  console.log(`µs per cycle, ${CYCLES} cycles, 1 worker      node  backend     wall`);
  for (const end of ['finish', 'fail'] as const) {
    await resetCycles(pool, schema);
    const floor = floorStatements(schema);
    const sessionId = crypto.randomUUID();
    await profile(`floor claim + ${end}`, async (i) => {
      const id = ids[i % ids.length];
      await pool.query({ name: 'c', text: floor.claim, values: [id, sessionId, Date.now()] });
      await pool.query({ name: end, text: floor[end], values: [id, Date.now()] });
    });
    await resetCycles(pool, schema);
    const s2 = await engine.startSession({ component: 'bench', intervalMs: 600_000 });
    await profile(`store claim + ${end}`, async () => {
      const work = await s2.work('Recovery', { where });
      if (work === null) throw new Error('nothing');
      if (end === 'finish') await work.finish();
      else await work.fail('bench', { initialMs: 1000 });
    });
    await s2.close();
  }
  await resetCycles(pool, schema);
  const raw = { id: crypto.randomUUID() };
  await store.createSession({
    ...raw,
    component: 'b',
    runtimeInfo: '',
    intervalMs: 600_000,
    retentionMs: 0,
  });
  const claimed: { machineId: string; token: number }[] = [];
  const filter = { kind: 'has' as const, tag: 'Provided' };
  const claimOne = async () => {
    const r = await store.claim({
      sessionId: raw.id,
      process: 'Recovery',
      blockers: ['Recovery'],
      target: { filter },
    });
    if (!r.ok) throw new Error(r.reason);
    claimed.push({ machineId: r.work.machine.id, token: r.work.token });
  };
  /** Finishes the i-th claimed work, setting `setTags`. */
  const finishClaimed = (setTags: Record<string, string>) => async (i: number) => {
    const r = await store.finish({
      sessionId: raw.id,
      process: 'Recovery',
      ...claimed[i]!,
      setTags,
      deleteTags: [],
    });
    if (!r.ok) throw new Error(r.reason);
  };
  await profile('store.claim (filter)', claimOne);
  await profile('store.finish', finishClaimed({}));
  claimed.length = 0;
  await profile('store.claim (filter), again', claimOne);
  await profile('store.finish, one tag set', finishClaimed({ Done: 'true' }));
  await profile('store.heartbeat', async () => {
    await store.heartbeat({ sessionId: raw.id, retentionMs: 0 });
  });
  await profile('select 1 (prepared)', async () => {
    await pool.query({ name: 'one', text: 'select 1', values: [] });
  });
  await session.close();
} finally {
  await engine.close();
  await pool.query(`drop schema if exists "${schema}" cascade`);
  await pool.end();
}
