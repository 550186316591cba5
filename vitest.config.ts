import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/peers/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Stops the Redis Cluster nodes a run's test files started and did not stop (a filtered run).
    globalSetup: ['packages/store-redis/test/helpers/leftover-clusters.ts'],
  },
});
