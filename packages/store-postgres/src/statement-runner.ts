import type { Row } from './pool.js';
import type { Statements } from './statements.js';

/**
 * How the store's operations run their statements on its pool, bounded by its timeout and
 * retried as `queryWithRetry` retries (see `PgStore`): what the modules beside the store
 * (`filter-claims.ts`, `read-operations.ts`) are handed.
 */
export interface StatementRunner {
  /** The store's schema, quoted. */
  readonly s: string;
  /** The fixed statements (`sql/statements/`) on this schema. */
  readonly sql: Statements;
  /** Runs a fixed statement prepared by name: parsed and planned once per connection. */
  prepared(text: string, values: unknown[]): Promise<Row[]>;
  /** Runs a statement unnamed (reads whose text varies with a filter, or that are rare). */
  rows(text: string, values: unknown[]): Promise<Row[]>;
  /** Runs a statement, prepared under `name` when one is given. */
  query(name: string | undefined, text: string, values: unknown[]): Promise<Row[]>;
}
