import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../../src/index.js';
import { freshSchema } from './postgres.js';

/** A store on a schema of its own, with the pool it runs on. */
export interface StoreOnFreshSchema {
  /** The pool the store runs on, for reading and writing the schema directly. */
  pool: pg.Pool;
  /** The schema's name. */
  schema: string;
  /** The schema's name quoted, ready to splice into SQL. */
  s: string;
  store: PostgresStore;
}

/**
 * Inside a `describePostgres` body: a store on a fresh schema (`prefix_…`) over a pool of its own
 * (`pool` options added to the URL), opened before the block's tests; after them the schema is
 * dropped and the pool ended.
 */
export function storeOnFreshSchema(
  url: string,
  prefix: string,
  pool: Omit<pg.PoolConfig, 'connectionString'> = {},
): StoreOnFreshSchema {
  const opened = new pg.Pool({ connectionString: url, max: 2, ...pool });
  const schema = freshSchema(prefix);
  const s = `"${schema}"`;
  const store = createPostgresStore({ pool: opened, schema });
  beforeAll(() => store.open());
  afterAll(async () => {
    await opened.query(`drop schema if exists ${s} cascade`);
    await opened.end();
  });
  return { pool: opened, schema, s, store };
}
