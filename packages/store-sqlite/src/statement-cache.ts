import type Database from 'better-sqlite3';

/** Most statements kept per connection; the cache is emptied when it would grow past this. */
const MAX_STATEMENTS = 256;

/**
 * Prepared statements by SQL text, for queries built at run time (filters, optional
 * conditions). The SQL of a filter depends only on its shape, so a steady workload
 * prepares each of its queries once.
 */
export class StatementCache {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /**
   * The prepared statement for `sql`, prepared now if new.
   * @throws the driver's error for invalid SQL.
   */
  get(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
