import { checkDuration, checkOptions, ValidationError } from '@tagout/core';

/** Options of `createSqliteStore`. */
export interface SqliteStoreOptions {
  /** The database file, created if missing. Default `':memory:'` (private to this store). */
  path?: string;
  /** How long a write waits for another connection's write lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** {@link SqliteStoreOptions} after {@link checkSqliteStoreOptions}, with the defaults filled in. */
export interface CheckedSqliteStoreOptions {
  path: string;
  busyTimeoutMs: number;
}

/** Default of {@link SqliteStoreOptions.busyTimeoutMs}. */
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Checks the options of `createSqliteStore` and fills in the defaults.
 * @throws ValidationError for an unknown key, a `path` that is not a string, or a
 * `busyTimeoutMs` that is not a duration ≥ 0.
 */
export function checkSqliteStoreOptions(options: unknown): CheckedSqliteStoreOptions {
  const o = checkOptions<SqliteStoreOptions>('options', options, ['path', 'busyTimeoutMs']);
  if (o.path !== undefined && typeof o.path !== 'string')
    throw new ValidationError('path', 'must be a string');
  const busyTimeoutMs = checkDuration('busyTimeoutMs', o.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  return { path: o.path ?? ':memory:', busyTimeoutMs };
}
