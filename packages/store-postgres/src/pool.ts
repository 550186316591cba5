/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/** What tagout needs of a query result. */
export interface QueryResultLike {
  rows: Row[];
}

/**
 * A statement as `pg` takes it: with a `name`, the driver prepares it once per connection and
 * afterwards only binds and executes it, so Postgres parses and plans it once per connection.
 */
export interface QueryConfigLike {
  /** Prepared-statement name; one name always goes with one text. */
  name?: string;
  text: string;
  values: unknown[];
  /**
   * Client-side bound (ms) on waiting for the reply (`pg`'s per-query `query_timeout`): past it
   * the query rejects and `pg.Pool` destroys the connection. Other pools may ignore it.
   */
  query_timeout?: number;
}

/** A client checked out of a pool (used for migrations, which need one transaction). */
export interface PoolClientLike {
  /** Runs one statement (or several, without values). */
  query(text: string, values?: unknown[]): Promise<QueryResultLike>;
  /** Returns the client; pass the error when it failed, so the pool discards it. */
  release(error?: Error | boolean): void;
}

/**
 * The part of a `pg.Pool` tagout uses (structural, kysely style): hand in your own pool,
 * or anything shaped like it. tagout never ends a pool it was handed.
 */
export interface PoolLike {
  /** Runs one statement on some pooled connection (a broken connection is discarded). */
  query(text: string, values?: unknown[]): Promise<QueryResultLike>;
  /** Runs one statement given as a config, prepared by name when it has one. */
  query(config: QueryConfigLike): Promise<QueryResultLike>;
  /** Checks a client out for a transaction. */
  connect(): Promise<PoolClientLike>;
}

/** SQLSTATEs after which a transition did not happen and can run again. */
const RETRYABLE = new Set(['40001', '40P01']);
/** Attempts before a serialization failure or deadlock is surfaced. */
const ATTEMPTS = 5;

/**
 * Runs a statement, retrying serialization failures (40001) and deadlocks (40P01) up to
 * five attempts; both roll the transition back entirely, so running it again is safe.
 * Any other error, and the last retryable one, is thrown as the driver raised it.
 */
export async function queryWithRetry(pool: PoolLike, query: QueryConfigLike): Promise<Row[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await pool.query(query)).rows;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    }
  }
}
