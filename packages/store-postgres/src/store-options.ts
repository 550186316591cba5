import { checkDuration, checkOptions, ValidationError } from '@tagout/core';
import type { PoolLike } from './pool.js';

/** Options of `createPostgresStore`. */
export interface PostgresStoreOptions {
  /** Your pool (a `pg.Pool` or anything shaped like one). tagout never ends it. */
  pool?: PoolLike;
  /** Used when no pool is given: tagout creates a `pg.Pool` and ends it on `close()`. */
  connectionString?: string;
  /** Schema holding tagout's tables and functions (created by the migrations). Default `tagout`. */
  schema?: string;
  /** Run the migrations in `open()`. Default true. */
  autoMigrate?: boolean;
  /**
   * Bound on each operation and, for the pool tagout creates, on connecting (ms). Default 30 s.
   * A statement that gets no reply in time rejects and its connection is destroyed; its outcome
   * is unknown (core reports a `StoreError`).
   */
  timeoutMs?: number;
}

/** {@link PostgresStoreOptions} after {@link checkPostgresStoreOptions}, with the defaults applied. */
export interface CheckedPostgresStoreOptions {
  /** Exactly one of `pool` and `connectionString` is set. */
  pool: PoolLike | undefined;
  connectionString: string | undefined;
  schema: string;
  autoMigrate: boolean;
  timeoutMs: number;
}

/** Default of {@link PostgresStoreOptions.timeoutMs}. */
export const DEFAULT_TIMEOUT_MS = 30_000;

const KEYS = ['pool', 'connectionString', 'schema', 'autoMigrate', 'timeoutMs'] as const;

/**
 * Checks the options of `createPostgresStore` and applies the defaults (the schema name is
 * checked where it is quoted, by `quoteSchema`).
 * @throws ValidationError for an unknown key, a value of the wrong type, neither or both of
 * `pool` and `connectionString`, or a `timeoutMs` that is not a positive duration.
 */
export function checkPostgresStoreOptions(options: unknown): CheckedPostgresStoreOptions {
  const o = checkOptions<PostgresStoreOptions>('options', options, [...KEYS]);
  const pool = o.pool;
  if (pool !== undefined && !isPoolLike(pool)) {
    throw new ValidationError('pool', 'must be a pg.Pool or have query() and connect() methods');
  }
  const connectionString = o.connectionString;
  if (connectionString !== undefined && typeof connectionString !== 'string') {
    throw new ValidationError('connectionString', 'must be a string');
  }
  if ((pool === undefined) === (connectionString === undefined)) {
    throw new ValidationError('options', 'give exactly one of pool and connectionString');
  }
  if (o.autoMigrate !== undefined && typeof o.autoMigrate !== 'boolean') {
    throw new ValidationError('autoMigrate', 'must be a boolean');
  }
  return {
    pool,
    connectionString,
    schema: o.schema ?? 'tagout',
    autoMigrate: o.autoMigrate ?? true,
    timeoutMs: checkDuration('timeoutMs', o.timeoutMs ?? DEFAULT_TIMEOUT_MS, { positive: true }),
  };
}

function isPoolLike(value: unknown): value is PoolLike {
  const pool = value as { query?: unknown; connect?: unknown } | null;
  return (
    typeof pool === 'object' &&
    pool !== null &&
    typeof pool.query === 'function' &&
    typeof pool.connect === 'function'
  );
}
