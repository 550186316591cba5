import type { PoolLike } from '../pool.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Advisory lock class of tagout migrations; the second key is `hashtext(schema)`. */
const LOCK_CLASS = 0x7461676f;

/** SQLSTATE of "permission denied". */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * Brings the schema up to date. First reads which migrations `<schema>.migrations` records,
 * with plain reads (no DDL, no lock), and returns when none is missing: a runtime role without
 * CREATE (see the README, "Least privileges") opens an up-to-date store. Otherwise applies the
 * missing ones, all in one transaction under `pg_advisory_xact_lock`, so two processes migrating
 * at once apply each one exactly once and migrating twice is a no-op.
 * @throws the driver's error, or an Error saying to migrate as the schema's owner (the driver's
 * error as its cause) when the role may not make the changes; nothing is applied then.
 */
export async function migrate(pool: PoolLike, schemaName: string, quoted: string): Promise<void> {
  const missing = await missingMigrations(pool, quoted);
  if (missing.length === 0) return;
  try {
    await applyMigrations(pool, schemaName, quoted);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== INSUFFICIENT_PRIVILEGE) throw error;
    throw new Error(
      `schema ${quoted} lacks migrations ${missing.map((m) => m.version).join(', ')}, and this role may not ` +
        `apply them (${(error as Error).message}): run store.migrate() once as the schema's owner, ` +
        'then open with autoMigrate as you like',
      { cause: error },
    );
  }
}

/** The migrations `<schema>.migrations` does not record (all of them when it does not exist). */
async function missingMigrations(pool: PoolLike, quoted: string): Promise<Migration[]> {
  const table = await pool.query('select to_regclass($1) is not null as present', [`${quoted}.migrations`]);
  if (table.rows[0]?.present !== true) return [...MIGRATIONS];
  const { rows } = await pool.query(`select version from ${quoted}.migrations`);
  const applied = new Set(rows.map((row) => Number(row.version)));
  return MIGRATIONS.filter((migration) => !applied.has(migration.version));
}

/**
 * Applies the missing migrations in one transaction under the advisory lock, reading what is
 * applied again under it. On any error the client is released with the error, so the pool
 * destroys its connection and the server rolls the transaction back: a transaction never stays
 * open on a pooled connection, even when the error was a timeout or a broken connection (where a
 * `rollback` could not get through).
 */
async function applyMigrations(pool: PoolLike, schemaName: string, quoted: string): Promise<void> {
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
    throw error;
  } finally {
    client.release(failure);
  }
}
