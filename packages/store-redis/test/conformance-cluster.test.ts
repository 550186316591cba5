import { afterAll, describe } from 'vitest';
import { clusterToolsAvailable, startTestCluster } from './helpers/redis-cluster.js';
import { describeRedisConformance } from './helpers/redis-env.js';

const tools = await clusterToolsAvailable();
if (!tools && process.env.CI)
  throw new Error('redis-server/redis-cli are needed for the Redis Cluster tests (CI)');
if (!tools)
  console.warn('tagout: redis-server/redis-cli not found; skipping the Redis Cluster conformance run');
const cluster = tools ? await startTestCluster() : undefined;

describe.skipIf(cluster === undefined)('3-master Redis Cluster', () => {
  const client = cluster!.client();
  afterAll(async () => {
    await client.quit();
    await cluster!.stop();
  });
  // Every store gets a random prefix, so the namespaces land on different slots (and masters).
  describeRedisConformance('redis-cluster', client);
});
