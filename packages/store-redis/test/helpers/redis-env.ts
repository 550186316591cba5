import { randomBytes } from 'node:crypto';
import { describeStoreConformance } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import { type Cluster, Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createRedisStore, dropRedisNamespace } from '../../src/index.js';

/** The Redis the tests use: `TAGOUT_REDIS_URL`, default 127.0.0.1:6379. */
export const REDIS_URL = process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6379';

const START =
  'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';

/**
 * Whether Redis answers. In CI an unreachable Redis is a failure (throws); elsewhere the
 * caller skips its suite and this prints the command that starts one.
 */
export async function redisAvailable(): Promise<boolean> {
  const failure = await redisProbe();
  if (failure === undefined) return true;
  if (process.env.CI) throw new Error(`Redis at ${REDIS_URL} is unreachable (CI): ${failure}`);
  console.warn(`tagout: Redis at ${REDIS_URL} is unreachable; skipping. Start it with: ${START}`);
  return false;
}

/** Pings the test Redis: undefined when it answers, else why not. Never throws. */
export async function redisProbe(): Promise<string | undefined> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return String(error);
  } finally {
    probe.disconnect();
  }
}

/** A fresh namespace prefix for one test file. */
export function randomPrefix(label: string): string {
  return `test-${label}-${randomBytes(6).toString('hex')}`;
}

/** A client on the test Redis. */
export function testClient(): Redis {
  return new Redis(REDIS_URL);
}

export { dropRedisNamespace };

/**
 * A client on the test Redis and a fresh prefix, for the `describe` block that calls it: after
 * its tests the namespace is dropped and the client disconnected.
 */
export function testNamespace(label: string): { client: Redis; prefix: string } {
  const client = testClient();
  const prefix = randomPrefix(label);
  afterAll(async () => {
    await dropRedisNamespace(client, prefix);
    client.disconnect();
  });
  return { client, prefix };
}

/**
 * The scan budget of the conformance stores: small, so the suite's scan-budget scenario runs
 * over a few hundred machines, yet above the model run's usual fleets.
 */
export const CONFORMANCE_SCAN_BUDGET = 32;

/**
 * Registers the shared conformance suite on `client`, each store under a fresh random
 * prefix (so on a Cluster the namespaces land on different slots), dropped after its test.
 */
export function describeRedisConformance(name: string, client: Redis | Cluster): void {
  const prefixes = new Map<Store, string>();
  describeStoreConformance({
    name,
    createStore: () => {
      const prefix = randomPrefix(name);
      const store = createRedisStore({ client, prefix, scanBudget: CONFORMANCE_SCAN_BUDGET });
      prefixes.set(store, prefix);
      return store;
    },
    destroyStore: async (store) => {
      await dropRedisNamespace(client, prefixes.get(store)!);
      prefixes.delete(store);
    },
    createPeer: (store) =>
      createRedisStore({ client, prefix: prefixes.get(store)!, scanBudget: CONFORMANCE_SCAN_BUDGET }),
  });
}
