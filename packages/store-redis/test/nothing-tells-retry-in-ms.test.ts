import { afterAll, beforeAll, describe } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { dropRedisNamespace, randomPrefix, redisAvailable, testClient } from './helpers/redis-env.js';
import { itTellsRetryInMs } from './helpers/retry-in-ms.js';

const available = await redisAvailable();

describe.skipIf(!available)('a claim by filter that finds nothing', () => {
  const prefix = randomPrefix('retry');
  const client = testClient();
  const store = createRedisStore({ client, prefix });
  beforeAll(() => store.open());
  afterAll(async () => {
    await store.close();
    await dropRedisNamespace(client, prefix);
    client.disconnect();
  });
  itTellsRetryInMs(() => store);
});
