import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, dropRedisNamespace } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
// The Postgres package's own test helpers: the probe of the test database and schema clean-up.
import { dropSchema, freshSchema, PG_URL } from '../../../store-postgres/test/helpers/postgres.js';
// The Redis package's own test helpers: the probe of the test server and a client on it.
import { REDIS_URL, redisProbe, testClient } from '../../../store-redis/test/helpers/redis-env.js';

/** A store the runner and metrics tests run against. */
export interface StoreTarget {
  /** Shown in test titles. */
  name: string;
  /** Why it cannot run here (the server is unreachable), or undefined when it can. */
  unavailable: string | undefined;
  /** A fresh, empty store. */
  create(): Store;
  /** Removes what `create` left behind, after the engine closed the store. */
  destroy(store: Store): Promise<void>;
}

/** SQLite on a real file in a fresh temporary directory per store. */
function sqliteTarget(): StoreTarget {
  const dirs = new Map<Store, string>();
  return {
    name: 'sqlite',
    unavailable: undefined,
    create() {
      const dir = mkdtempSync(join(tmpdir(), 'tagout-runner-'));
      const store = createSqliteStore({ path: join(dir, 'tagout.db') });
      dirs.set(store, dir);
      return store;
    },
    async destroy(store) {
      const dir = dirs.get(store);
      dirs.delete(store);
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Postgres at 127.0.0.1:5432 db `test` (or `TAGOUT_PG_URL`), a fresh schema per store. */
function postgresTarget(): StoreTarget {
  const url = PG_URL;
  const schemas = new Map<Store, string>();
  return {
    name: 'postgres',
    unavailable: url === undefined ? 'postgres is unreachable at 127.0.0.1:5432 (db test)' : undefined,
    create() {
      const schema = freshSchema('runner');
      const store = createPostgresStore({ connectionString: url ?? '', schema });
      schemas.set(store, schema);
      return store;
    },
    async destroy(store) {
      const schema = schemas.get(store);
      schemas.delete(store);
      if (url !== undefined && schema !== undefined) await dropSchema(url, schema);
    },
  };
}

/** Redis at 127.0.0.1:6379 (or `TAGOUT_REDIS_URL`), a fresh key prefix per store. */
function redisTarget(available: boolean): StoreTarget {
  const prefixes = new Map<Store, string>();
  return {
    name: 'redis',
    unavailable: available ? undefined : `redis is unreachable at ${REDIS_URL}`,
    create() {
      const prefix = `runner-${crypto.randomUUID().slice(0, 12)}`;
      const store = createRedisStore({ url: REDIS_URL, prefix });
      prefixes.set(store, prefix);
      return store;
    },
    async destroy(store) {
      const prefix = prefixes.get(store);
      prefixes.delete(store);
      if (prefix === undefined) return;
      const client = testClient();
      try {
        await dropRedisNamespace(client, prefix);
      } finally {
        client.disconnect();
      }
    },
  };
}

/** Every store the tests run on. */
export const STORE_TARGETS: readonly StoreTarget[] = [
  sqliteTarget(),
  postgresTarget(),
  redisTarget((await redisProbe()) === undefined),
];
