/**
 * `tsx bench/diagnostics/postgres-ab.ts [--cycles N] [--variants ./module.ts]`: backend CPU of one claim
 * statement against variants of it, interleaved, on one connection. Each cycle runs the floor's
 * claim + finish, then every variant's claim (each followed by the store's finish), so drift in
 * background load hits all of them alike. CPU is read from the backend's
 * `/proc/<pid>/schedstat` (nanoseconds) right before and after each statement: the time the
 * backend spent on it, without the work it does after answering (the same for every statement).
 *
 * A variants module default-exports `(claim: ClaimFilterSql, schema: string) => Record<name, sql>`;
 * each variant takes the claim statement's parameters and returns its row shape
 * (`alive, id, token, ...`; parameter `$9` is true: the blockers are the process alone). It may also export `setup(schema)`: SQL run once after the
 * migrations (functions the variants call), and `finishes(schema)`: finish statements to compare
 * with the store's (parameters as the `finish` function's: session, machine, process, token, set
 * names, set values, delete names, now), each run after a store claim. Env: TAGOUT_PG_URL.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ClaimFilterSql, claimFilterSql, createPostgresStore, FIRST_ID } from '@tagout/store-postgres';
import { cliArgs } from '../lib/cli-args.js';
import { benchPool, floorStatements, seedMachines } from '../postgres/postgres-setup.js';

type Variants = (claim: ClaimFilterSql, schema: string) => Record<string, string>;

const URL = process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({
  args: cliArgs(),
  options: { cycles: { type: 'string', default: '1500' }, variants: { type: 'string' } },
});
const CYCLES = Number(values.cycles);
const pool = benchPool(URL, 1, `tagout_ab_${process.pid}`);
const schema = `bench_ab_${crypto.randomUUID().slice(0, 8)}`;
const s = `"${schema}"`;
const store = createPostgresStore({ pool, schema });

/** CPU nanoseconds so far of a backend. */
const cpuNs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);

try {
  await store.open();
  await seedMachines(pool, schema, 20_000, 100);
  const pid = Number((await pool.query('select pg_backend_pid() as pid')).rows[0]?.pid);
  const ids = (await pool.query(`select id from ${s}.machines order by id`)).rows.map((r) => String(r.id));
  const session = { id: crypto.randomUUID() };
  await store.createSession({
    ...session,
    component: 'bench',
    runtimeInfo: '',
    intervalMs: 600_000_000,
    retentionMs: 0,
  });
  const claim = claimFilterSql({ kind: 'has', tag: 'Provided' }, s);
  const extra = values.variants
    ? ((await import(new globalThis.URL(values.variants, `file://${process.cwd()}/`).href)) as {
        default: Variants;
        setup?: (schema: string) => string;
        finishes?: (schema: string) => Record<string, string>;
      })
    : undefined;
  if (extra?.setup) await pool.query(extra.setup(s));
  const variants: Record<string, string> = { store: claim.text, ...extra?.default(claim, s) };
  const floor = floorStatements(schema);
  const spent: Record<string, { claim: number; finish: number }> = { floor: { claim: 0, finish: 0 } };
  const finishes = extra?.finishes?.(s) ?? {};
  for (const name of [...Object.keys(variants), ...Object.keys(finishes)])
    spent[name] = { claim: 0, finish: 0 };
  /** Runs `step` and adds the backend's CPU for it to `into[key]`. */
  const timed = async <T>(
    into: { claim: number; finish: number },
    key: 'claim' | 'finish',
    step: () => Promise<T>,
  ) => {
    const before = cpuNs(pid);
    const result = await step();
    into[key] += cpuNs(pid) - before;
    return result;
  };
  for (let i = 0; i < CYCLES; i++) {
    const id = ids[(i * 7919) % ids.length];
    await timed(spent.floor!, 'claim', () =>
      pool.query({ name: 'ab_floor_claim', text: floor.claim, values: [id, session.id, Date.now()] }),
    );
    await timed(spent.floor!, 'finish', () =>
      pool.query({ name: 'ab_floor_finish', text: floor.finish, values: [id, Date.now()] }),
    );
    const args = [claim.texts, claim.jsons, claim.nums, null, 'Recovery', ['Recovery'], session.id];
    const claimWith = async (name: string, text: string) => {
      const run = (start: string) =>
        timed(spent[name]!, 'claim', () =>
          pool.query({ name: `ab_${name}`, text, values: [...args, start, true] }),
        );
      let { rows } = await run(crypto.randomUUID());
      if (rows[0]?.alive === true && rows[0]?.id === null) ({ rows } = await run(FIRST_ID));
      const row = rows[0];
      if (row?.token === null || row?.token === undefined)
        throw new Error(`${name}: no claim (${JSON.stringify(row)})`);
      const old = row.work as { work: { machine: { id: string }; token: number } } | undefined;
      if (old) return { machineId: old.work.machine.id, token: old.work.token };
      return { machineId: String(row.id), token: Number(row.token) };
    };
    for (const [name, text] of Object.entries(variants)) {
      const { machineId, token } = await claimWith(name, text);
      const ref = { sessionId: session.id, process: 'Recovery', machineId };
      await timed(spent[name]!, 'finish', () => store.finish({ ...ref, token, setTags: {}, deleteTags: [] }));
    }
    for (const [name, text] of Object.entries(finishes)) {
      const { machineId, token } = await claimWith(name, claim.text);
      const values = [session.id, machineId, 'Recovery', token, [], [], [], null];
      const { rows } = await timed(spent[name]!, 'finish', () =>
        pool.query({ name: `ab_fin_${name}`, text, values }),
      );
      if (JSON.stringify(rows[0]).includes('false')) throw new Error(`${name}: ${JSON.stringify(rows[0])}`);
    }
  }
  console.log(`backend µs per statement, ${CYCLES} cycles interleaved      claim   finish`);
  for (const [name, t] of Object.entries(spent)) {
    const us = (ns: number) => (ns / CYCLES / 1000).toFixed(0).padStart(8);
    console.log(`${name.padEnd(44)} ${us(t.claim)} ${us(t.finish)}`);
  }
} finally {
  await pool.query(`drop schema if exists ${s} cascade`);
  await pool.end();
}
