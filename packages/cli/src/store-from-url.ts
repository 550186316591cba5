import { existsSync } from 'node:fs';
import type { Store } from '@tagout/core';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import { RefusedError, UsageError } from './usage-error.js';

/** Where the store is, as the command line gives it. */
export interface StoreLocation {
  /** `postgres://…`, `redis://…`, `rediss://…`, `sqlite:PATH`, or a path ending in `.db` / `.sqlite`. */
  url: string | undefined;
  /** Postgres schema (default `tagout`). */
  schema?: string | undefined;
  /** Redis key prefix (default `tagout`). */
  prefix?: string | undefined;
  /** Refuse a SQLite path that does not exist yet (reads), instead of creating an empty file. */
  mustExist: boolean;
}

/** A store and what to release after the engine has closed it. */
export interface OpenedStore {
  store: Store;
  /** Releases what the CLI created beside the store (a Redis client). */
  release(): void;
}

const REDIS_RETRIES = 3;

/**
 * The store a URL names.
 * @throws UsageError for a missing or unknown URL, or `--schema` / `--prefix` given to the
 * wrong kind of store; RefusedError for a SQLite file that must exist and does not.
 */
export function storeFromUrl(location: StoreLocation): OpenedStore {
  const { url, schema, prefix } = location;
  if (url === undefined || url === '') throw new UsageError('which store? give --store URL or TAGOUT_STORE');
  const kind = storeKind(url);
  if (schema !== undefined && kind !== 'postgres') throw new UsageError('--schema is for postgres:// stores');
  if (prefix !== undefined && kind !== 'redis') throw new UsageError('--prefix is for redis:// stores');
  switch (kind) {
    case 'postgres':
      return {
        store: createPostgresStore({ connectionString: url, ...(schema && { schema }) }),
        release() {},
      };
    case 'redis': {
      // Our own client, so an unreachable server fails the command instead of retrying forever.
      const client = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: REDIS_RETRIES,
        retryStrategy: (attempt) => (attempt > REDIS_RETRIES ? null : attempt * 200),
      });
      client.on('error', () => {});
      return {
        store: createRedisStore({ client, ...(prefix && { prefix }) }),
        release: () => client.disconnect(),
      };
    }
    case 'sqlite': {
      const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
      if (path === '') throw new UsageError('sqlite: needs a path, e.g. sqlite:fleet.db');
      if (location.mustExist && !existsSync(path)) {
        throw new RefusedError(`no SQLite file at ${path} (tagout migrate creates one)`);
      }
      return { store: createSqliteStore({ path }), release() {} };
    }
  }
}

function storeKind(url: string): 'postgres' | 'redis' | 'sqlite' {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (/^rediss?:\/\//.test(url)) return 'redis';
  if (url.startsWith('sqlite:') || /\.(db|sqlite)$/.test(url)) return 'sqlite';
  throw new UsageError(
    `unknown store ${JSON.stringify(url)}: use postgres://…, redis://…, rediss://…, sqlite:PATH or a .db/.sqlite path`,
  );
}
