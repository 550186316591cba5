import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import { describe } from 'vitest';
import { describePostgres, dropSchema, freshSchema } from '../../../store-postgres/test/helpers/postgres.js';
import {
  dropRedisNamespace,
  REDIS_URL,
  randomPrefix,
  redisAvailable,
} from '../../../store-redis/test/helpers/redis-env.js';

/** One store's data for one test file: how the CLI names it, and how to open and drop it. */
export interface StoreFixture {
  /** The `tagout` arguments that name the store (`--store URL`, `--schema`, `--prefix`). */
  args: string[];
  /** A new store object over the same data (each engine needs its own). */
  createStore(): Store;
  /** Deletes the data. */
  drop(): Promise<void>;
}

/** A kind of store the operator tools are tested on. */
export interface StoreKind {
  name: 'sqlite' | 'postgres' | 'redis';
  /** Fresh, empty data: a temp SQLite file, a random Postgres schema, a random Redis prefix. */
  create(): Promise<StoreFixture>;
}

const sqlite: StoreKind = {
  name: 'sqlite',
  async create() {
    const dir = await mkdtemp(join(tmpdir(), 'tagout-ops-'));
    const path = join(dir, 'fleet.db');
    return {
      args: ['--store', `sqlite:${path}`],
      createStore: () => createSqliteStore({ path }),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

function postgres(url: string): StoreKind {
  return {
    name: 'postgres',
    async create() {
      const schema = freshSchema('ops');
      return {
        args: ['--store', url, '--schema', schema],
        createStore: () => createPostgresStore({ connectionString: url, schema }),
        drop: () => dropSchema(url, schema),
      };
    },
  };
}

const redis: StoreKind = {
  name: 'redis',
  async create() {
    const prefix = randomPrefix('ops');
    return {
      args: ['--store', REDIS_URL, '--prefix', prefix],
      createStore: () => createRedisStore({ url: REDIS_URL, prefix }),
      async drop() {
        const client = new Redis(REDIS_URL);
        try {
          await dropRedisNamespace(client, prefix);
        } finally {
          await client.quit();
        }
      },
    };
  },
};

const redisUp = await redisAvailable();

/**
 * Registers `body` once per store: SQLite always; Postgres and Redis when reachable (in CI
 * an unreachable server fails the file, as the stores' own tests do).
 */
export function describeEachStore(title: string, body: (kind: StoreKind) => void): void {
  describe(`${title} (sqlite)`, () => body(sqlite));
  describePostgres(`${title} (postgres)`, (url) => body(postgres(url)));
  describe.skipIf(!redisUp)(`${title} (redis)`, () => body(redis));
}
