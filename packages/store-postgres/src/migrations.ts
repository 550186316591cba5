import type { PoolLike } from './pool.js';
import { v1Functions } from './sql/v1-functions.js';
import { v1Tables } from './sql/v1-tables.js';
import { v2Functions } from './sql/v2-functions.js';

/** One schema change. Versions only grow; an applied migration is never edited, only followed. */
export interface Migration {
  /** Recorded in `<schema>.migrations`. */
  version: number;
  /** What it does, for people reading the table. */
  name: string;
  /** The SQL, given the quoted schema. */
  sql(schema: string): string;
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'tables, indexes and transition functions', sql: (s) => v1Tables(s) + v1Functions(s) },
  {
    version: 2,
    name: 'plain-statement claims, finish and fail; claims re-read work instead of bumping versions',
    sql: (s) => v2Functions(s),
  },
];

/** Advisory lock class of tagout migrations; the second key is `hashtext(schema)`. */
const LOCK_CLASS = 0x7461676f;

/**
 * Applies the migrations missing from `<schema>.migrations`, all in one transaction under
 * `pg_advisory_xact_lock`, so two processes migrating at once apply each one exactly once and
 * migrating twice is a no-op.
 * @throws the driver's error; nothing is applied then.
 */
export async function migrate(pool: PoolLike, schemaName: string, quoted: string): Promise<void> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schemaName]);
    await client.query(`create schema if not exists ${quoted}`);
    await client.query(
      `create table if not exists ${quoted}.migrations (
         version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const { rows } = await client.query(`select version from ${quoted}.migrations`);
    const applied = new Set(rows.map((row) => Number(row.version)));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql(quoted));
      await client.query(`insert into ${quoted}.migrations (version, name) values ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('commit');
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release(failure);
  }
}
