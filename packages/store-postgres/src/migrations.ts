import type { PoolLike } from './pool.js';
import { v1Functions } from './sql/v1-functions.js';
import { v1Tables } from './sql/v1-tables.js';
import { v2Functions } from './sql/v2-functions.js';
import { v3SessionRetention } from './sql/v3-session-retention.js';
import { v5HistoryPages } from './sql/v5-history-pages.js';
import { v6BulkWrites } from './sql/v6-bulk-writes.js';
import { v7Processes } from './sql/v7-processes.js';
import { v8WakeUps } from './sql/v8-wake-ups.js';
import { v9BulkTagsText } from './sql/v9-bulk-tags-text.js';
import { v10FinishMany } from './sql/v10-finish-many.js';

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
  {
    version: 3,
    name: 'sessions keep their retention; creating a session deletes retired ones holding no work',
    sql: (s) => v3SessionRetention(s),
  },
  { version: 5, name: 'history pages per (machine, process) pair', sql: (s) => v5HistoryPages(s) },
  {
    version: 6,
    name: 'bulk writes: create_machines and set_tags_many, one call per batch',
    sql: (s) => v6BulkWrites(s),
  },
  {
    version: 7,
    name: 'processes engines declared, for opening without a process list',
    sql: (s) => v7Processes(s),
  },
  {
    version: 8,
    name: 'wake-ups: backoff ends by process; close_session names the processes it released',
    sql: (s) => v8WakeUps(s),
  },
  {
    version: 9,
    name: 'bulk writes take tags as machine positions and U+001F-joined names and values',
    sql: (s) => v9BulkTagsText(s),
  },
  { version: 10, name: 'batched finishes: finish_many, one call per batch', sql: (s) => v10FinishMany(s) },
];

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
