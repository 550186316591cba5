// The packaging check's program (.ci/check-packages.mjs): what a user writes after
// `npm install @tagout/core @tagout/store-sqlite ...`. The check runs its JavaScript (types
// stripped by tsc's transpiler) with plain `node` against the installed tarballs, then
// typechecks this file against their .d.ts files. Exits non-zero on any mismatch. Each store
// (SQLite, Redis, Postgres) runs a claim, a fail, a claim after the backoff and a finish. The SQLite
// part leaves its store in `smoke.db` (in the working directory), which the check then reads
// with the installed `tagout` command.
import { deepStrictEqual, ok, rejects } from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  BackedOffError,
  type Engine,
  type HistoryEvent,
  manualClock,
  openEngine,
  type StandardSchemaV1,
  type Store,
  ValidationError,
} from '@tagout/core';
import { collectMetrics } from '@tagout/metrics';
import { runWorker } from '@tagout/runner';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, dropRedisNamespace, Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import { createWebApp } from '@tagout/web';

const PROCESS = 'AgentStart';

/** Claims, fails, claims again after the backoff, finishes; returns the machine's history. */
async function claimFailFinish(store: Store): Promise<HistoryEvent['event'][]> {
  const clock = manualClock();
  const engine: Engine = await openEngine({ store, processes: [PROCESS], clock });
  try {
    const machine = await engine.createMachine({ tags: { Provided: { provider: 'smoke' } } });
    const session = await engine.startSession({
      component: 'package-smoke',
      intervalMs: 300_000,
      heartbeat: false,
    });

    const first = await session.work(PROCESS, { machineId: machine.id });
    const backoff = await first.fail(new Error('no power'), { initialMs: 60_000 });
    deepStrictEqual(backoff.until, clock.now() + 60_000);
    await rejects(session.work(PROCESS, { machineId: machine.id }), BackedOffError);

    clock.advance(60_000);
    const second = await session.work(PROCESS, { where: { has: 'Provided' } });
    ok(second !== null, 'the machine is claimable once its backoff has passed');
    await second.finish({ setTags: { AgentStarted: { publicKey: 'k1' } } });

    deepStrictEqual((await engine.machine(machine.id))?.tags.AgentStarted?.value, { publicKey: 'k1' });
    deepStrictEqual(await engine.backoffs({ machineId: machine.id }), []);
    return (await engine.history({ machineId: machine.id })).map((event) => event.event);
  } finally {
    await engine.close();
  }
}

const expected: HistoryEvent['event'][] = ['Started', 'Failed', 'Started', 'Finished'];

deepStrictEqual(await claimFailFinish(createSqliteStore({ path: 'smoke.db' })), expected);
console.log('sqlite: claim, fail, backoff, claim, finish, history: ok');

// The Redis store reads its Lua scripts from files next to its JavaScript at run time.
const redis = new Redis(process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const prefix = `package-smoke-${randomUUID()}`;
try {
  deepStrictEqual(await claimFailFinish(createRedisStore({ client: redis, prefix })), expected);
  console.log('redis: claim, fail, backoff, claim, finish, history: ok');
} finally {
  await dropRedisNamespace(redis, prefix);
  redis.disconnect();
}

// The Postgres store migrates its schema from the `.sql` files it ships, and runs the statements
// in `sql/statements/` (a finish that sets a tag is one of them).
const postgresUrl = process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `package_smoke_${randomUUID().replaceAll('-', '')}`;
try {
  deepStrictEqual(
    await claimFailFinish(createPostgresStore({ connectionString: postgresUrl, schema })),
    expected,
  );
  console.log('postgres: claim, fail, backoff, claim, finish, history: ok');
} finally {
  // `pg` comes with the store (its dependency); the program has no types of its own for it.
  const { default: pg } = await import('pg' as string);
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

// The web UI renders the SQLite store's machine (hono/jsx at run time).
const engine = await openEngine({ store: createSqliteStore({ path: 'smoke.db' }), processes: [PROCESS] });
try {
  const page = await createWebApp({ engine, token: 'smoke' }).request('/machines', {
    headers: { Authorization: 'Bearer smoke' },
  });
  deepStrictEqual(page.status, 200);
  ok((await page.text()).includes('AgentStarted'), 'the machines page shows the tag');
  console.log('web: machines page: ok');
} finally {
  await engine.close();
}

// Typed tags, validated by a Standard Schema (written by hand here, where a zod, valibot or arktype
// schema would go), on an in-memory SQLite store.
const region: StandardSchemaV1<'eu' | 'us'> = {
  '~standard': {
    version: 1,
    vendor: 'smoke',
    validate: (value) =>
      value === 'eu' || value === 'us' ? { value } : { issues: [{ message: 'no region' }] },
  },
};
const typed = await openEngine({
  store: createSqliteStore(),
  processes: [PROCESS],
  tags: { Region: region },
});
try {
  const { id } = await typed.createMachine({ tags: { Region: 'eu' } });
  await rejects(typed.setTags(id, { Region: 'mars' as 'eu' }), ValidationError);
  const read: 'eu' | 'us' | undefined = (await typed.machine(id))?.tags.Region?.value;
  deepStrictEqual(read, 'eu');
  console.log('typed tags: ok');
} finally {
  await typed.close();
}

// The other packages load and export what their READMEs show.
for (const [name, value] of Object.entries({ runWorker, collectMetrics })) {
  deepStrictEqual(typeof value, 'function', `${name} is a function`);
}
console.log('every package loads: ok');
