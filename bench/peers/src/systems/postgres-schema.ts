import pg from 'pg';

/** One connection of the bench's own into a peer's schema: counts what it holds, and drops it. */
export interface SchemaConnection {
  /** The integer `n` that `sql` (a `count(*)::int as n`) returns. */
  count(sql: string, values?: unknown[]): Promise<number>;
  /** Drops the schema with everything in it, and closes the connection. */
  drop(): Promise<void>;
}

/** Opens a {@link SchemaConnection} to `schema` at `url`. */
export function schemaConnection(url: string, schema: string): SchemaConnection {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  return {
    async count(sql, values = []) {
      const { rows } = await pool.query(sql, values);
      return rows[0].n as number;
    },
    async drop() {
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    },
  };
}
