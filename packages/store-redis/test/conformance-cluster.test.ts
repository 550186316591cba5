import { describeStoreConformance } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import { afterAll, describe } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { clusterToolsAvailable, startTestCluster } from './helpers/redis-cluster.js';
import { dropRedisNamespace, randomPrefix } from './helpers/redis-env.js';

const tools = await clusterToolsAvailable();
if (!tools && process.env.CI)
  throw new Error('redis-server/redis-cli are needed for the Redis Cluster tests (CI)');
if (!tools)
  console.warn('tagout: redis-server/redis-cli not found; skipping the Redis Cluster conformance run');
const cluster = tools ? await startTestCluster() : undefined;

describe.skipIf(cluster === undefined)('3-master Redis Cluster', () => {
  const client = cluster!.client();
  const prefixes = new Map<Store, string>();
  afterAll(async () => {
    await client.quit();
    await cluster!.stop();
  });

  // Every store gets a random prefix, so the namespaces land on different slots (and masters).
  describeStoreConformance({
    name: 'redis-cluster',
    createStore: () => {
      const prefix = randomPrefix('cluster');
      const store = createRedisStore({ client, prefix });
      prefixes.set(store, prefix);
      return store;
    },
    destroyStore: async (store) => {
      await dropRedisNamespace(client, prefixes.get(store)!);
      prefixes.delete(store);
    },
  });
});
