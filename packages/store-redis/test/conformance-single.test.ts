import { afterAll, describe } from 'vitest';
import { describeRedisConformance, redisAvailable, testClient } from './helpers/redis-env.js';

const available = await redisAvailable();

describe.skipIf(!available)('single Redis', () => {
  const client = testClient();
  afterAll(() => client.quit());
  describeRedisConformance('redis', client);
});
