import { createRequire } from 'node:module';
import Database from 'better-sqlite3';

/** A plain better-sqlite3 connection: the floor's driver, the same build the store uses. */
export type SqliteDatabase = Database.Database;

/**
 * Opens a plain better-sqlite3 connection with the settings the store uses for its own
 * (WAL, busy timeout, synchronous NORMAL), so the floor runs on an identical setup.
 */
export function openPlainSqlite(path: string): SqliteDatabase {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** `sqlite_version()` of the driver build. */
export function sqliteVersion(db: SqliteDatabase): string {
  const row = db.prepare('SELECT sqlite_version() AS v').get() as { v: string } | undefined;
  return row?.v ?? 'unknown';
}

/** The better-sqlite3 package version. */
export function driverVersion(): string {
  return (createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string }).version;
}
