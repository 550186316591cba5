import { describe } from 'vitest';
// The store packages' own test helpers: the probes of the test servers.
import { PG_URL } from '../../../packages/store-postgres/test/helpers/postgres.js';
import { REDIS_URL, redisProbe } from '../../../packages/store-redis/test/helpers/redis-env.js';

/** The test servers, as the store packages' tests find them. */
export interface TestServers {
  postgresUrl: string;
  redisUrl: string;
}

const redisDown = await redisProbe();
const unreachable = [
  PG_URL === undefined ? 'Postgres (127.0.0.1:5432, db test)' : undefined,
  redisDown === undefined ? undefined : `Redis (${REDIS_URL}: ${redisDown})`,
].filter((s) => s !== undefined);

/**
 * `describe` for tests that need both Postgres and Redis. When one is unreachable: under `CI`
 * the tests run and fail; otherwise one line says which, and the block is skipped.
 */
export function describeWithServers(name: string, body: (servers: TestServers) => void): void {
  const skip = unreachable.length > 0 && !process.env.CI;
  if (skip) console.warn(`skipping "${name}": ${unreachable.join(' and ')} unreachable`);
  describe.skipIf(skip)(name, () =>
    body({ postgresUrl: PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', redisUrl: REDIS_URL }),
  );
}
