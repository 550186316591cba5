import { createRequire } from 'node:module';

/** The few better-sqlite3 statement methods the bench uses. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[];
}

/** The few better-sqlite3 database methods the bench uses. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(
    fn: (...args: A) => R,
  ): ((...args: A) => R) & { immediate: (...args: A) => R };
  close(): void;
}

type DatabaseConstructor = new (path: string) => SqliteDatabase;

// The bench lives at the repo root, which does not depend on better-sqlite3 itself: load
// the copy @tagout/store-sqlite uses, so the floor and the store run the same driver build.
const requireFromStore = createRequire(new URL('../packages/store-sqlite/package.json', import.meta.url));
const Database = requireFromStore('better-sqlite3') as DatabaseConstructor;

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
  const [row] = db.prepare('SELECT sqlite_version() AS v').all() as { v: string }[];
  return row?.v ?? 'unknown';
}

/** The better-sqlite3 package version. */
export function driverVersion(): string {
  return (requireFromStore('better-sqlite3/package.json') as { version: string }).version;
}
