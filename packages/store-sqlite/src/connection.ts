import Database from 'better-sqlite3';
import { migrate } from './migrations/migrate.js';
import { isMemoryPath } from './signal-channel.js';
import { StatementCache } from './statement-cache.js';
import { prepareStatements, type Statements } from './statements.js';

/** An open, migrated database with its prepared statements. */
export interface Connection {
  readonly db: Database.Database;
  /** The fixed statements. */
  readonly sql: Statements;
  /** Statements built at run time (filters, optional conditions), by SQL text. */
  readonly cache: StatementCache;
  /**
   * Runs `fn` in one `BEGIN IMMEDIATE` transaction: the write lock is taken first (waiting
   * up to the busy timeout), so no other connection can interleave; a throw rolls back.
   */
  write<T>(fn: () => T): T;
  /** The machine this connection claimed last by filter: where the next search starts. */
  claimCursor: string;
  /** `PRAGMA data_version`: changes when another connection committed since the last read. */
  dataVersion(): number;
}

/** Options of {@link openConnection}. */
export interface ConnectionOptions {
  path: string;
  busyTimeoutMs: number;
}

/**
 * Opens the database file (or memory), sets the pragmas, migrates and prepares.
 * File databases use WAL with `synchronous = NORMAL`: readers never block the writer, and
 * a commit is durable against a crash of the process (a power loss may drop the last ones).
 * @throws the driver's error (file not openable, SQLITE_BUSY past the timeout, ...).
 */
export function openConnection(options: ConnectionOptions): Connection {
  const db = new Database(options.path, { timeout: options.busyTimeoutMs });
  try {
    if (!isMemoryPath(options.path)) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    migrate(db);
    const transaction = db.transaction((fn: () => unknown) => fn());
    const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    return {
      db,
      sql: prepareStatements(db),
      cache: new StatementCache(db),
      write: <T>(fn: () => T) => transaction.immediate(fn) as T,
      claimCursor: '',
      dataVersion: () => dataVersion.get() as number,
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
