import { describeStoreConformance } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import { afterAll, describe } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { dropRedisNamespace, randomPrefix, redisAvailable, testClient } from './helpers/redis-env.js';

const available = await redisAvailable();

describe.skipIf(!available)('single Redis', () => {
  const client = testClient();
  const prefixes = new Map<Store, string>();
  afterAll(() => client.quit());

  describeStoreConformance({
    name: 'redis',
    createStore: () => {
      const prefix = randomPrefix('conf');
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
