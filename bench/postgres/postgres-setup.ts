/**
 * Setup shared by the Postgres benchmark: the driver (resolved from the store package, which
 * owns the dependency), bulk seeding with generate_series, and the floor's statements.
 */
import { createRequire } from 'node:module';
import type { PoolLike } from '@tagout/store-postgres';

/** The part of a `pg.Pool` the benchmark uses. */
export interface PgPool extends PoolLike {
  end(): Promise<void>;
  on(event: 'error', listener: () => void): unknown;
}

const requireFromStore = createRequire(
  new URL('../../packages/store-postgres/package.json', import.meta.url),
);
/** The `pg` module, as the store package (which owns the dependency) resolves it. */
const pg = requireFromStore('pg') as {
  Pool: new (config: {
    connectionString: string;
    max: number;
    application_name?: string;
    idleTimeoutMillis?: number;
  }) => PgPool;
};

/**
 * A pool of `max` connections to `url`. Connections stay open while idle, so the backends a
 * run measures (by `applicationName`) are the ones it used.
 */
export function benchPool(url: string, max: number, applicationName = 'tagout_bench'): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    idleTimeoutMillis: 0,
  });
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Seeds `count` machines in bulk: every one tagged Provided, one in `eligibleEvery` also
 * tagged NeedsRecovery.
 */
export async function seedMachines(
  pool: PgPool,
  schema: string,
  count: number,
  eligibleEvery: number,
): Promise<void> {
  const s = `"${schema}"`;
  await pool.query(
    `insert into ${s}.machines select gen_random_uuid(), i from generate_series(1, $1::int) i`,
    [count],
  );
  await pool.query(`insert into ${s}.tags select id, 'Provided', '{}', created_at from ${s}.machines`);
  await pool.query(
    `insert into ${s}.tags select id, 'NeedsRecovery', 'true', created_at from ${s}.machines
      where created_at::bigint % $1::int = 0`,
    [eligibleEvery],
  );
  await pool.query(`vacuum analyze ${s}.machines`);
  await pool.query(`vacuum analyze ${s}.tags`);
}

/** Empties what cycles write, so every run starts from the same state. */
export async function resetCycles(pool: PgPool, schema: string): Promise<void> {
  const s = `"${schema}"`;
  await pool.query(`truncate ${s}.work, ${s}.backoffs, ${s}.history, ${s}.sessions`);
}

/**
 * The floor: the same rows a cycle writes, with the fewest plain statements (one per step,
 * no checks, no locks): insert work + Started; delete work + outcome (+ backoff upsert on fail).
 * Run them prepared by name, as the store runs its own, so neither side pays parsing and
 * planning per call.
 */
export function floorStatements(schema: string) {
  const s = `"${schema}"`;
  return {
    claim: `with w as (
        insert into ${s}.work (machine_id, process, session_id, token, started_at)
        values ($1, 'Recovery', $2, nextval('${s}.tokens'), $3) returning token)
      insert into ${s}.history (machine_id, process, event, at, session_id, token)
        select $1, 'Recovery', 'Started', $3, $2, token from w`,
    finish: `with d as (delete from ${s}.work where machine_id = $1 and process = 'Recovery' returning session_id, token)
      insert into ${s}.history (machine_id, process, event, at, session_id, token)
        select $1, 'Recovery', 'Finished', $2, session_id, token from d`,
    fail: `with d as (delete from ${s}.work where machine_id = $1 and process = 'Recovery' returning session_id, token),
        h as (insert into ${s}.history (machine_id, process, event, at, session_id, token, cause)
          select $1, 'Recovery', 'Failed', $2, session_id, token, 'bench' from d)
      insert into ${s}.backoffs (machine_id, process, until, cause, last_interval_ms)
        values ($1, 'Recovery', $2 + 1000, 'bench', 1000)
      on conflict (machine_id, process) do update
        set until = excluded.until, cause = excluded.cause, last_interval_ms = excluded.last_interval_ms`,
  };
}
