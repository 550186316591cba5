import { fileURLToPath } from 'node:url';
import { FLEET_PROCESS, runKillScenario } from '@tagout/conformance';
import { openEngine } from '@tagout/core';
import { describe, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { REDIS_URL, redisAvailable, testNamespace } from './helpers/redis-env.js';

const available = await redisAvailable();
const WORKER = fileURLToPath(new URL('./fixtures/kill-worker.ts', import.meta.url));

describe.skipIf(!available)('four processes, one SIGKILLed mid-run', () => {
  const { client, prefix } = testNamespace('kill');

  it('reclaims the killed process work after its deadline, with exclusive history', {
    timeout: 90_000,
  }, async () => {
    const engine = await openEngine({
      store: createRedisStore({ client, prefix }),
      processes: [FLEET_PROCESS],
    });
    await runKillScenario({ engine, worker: { script: WORKER, args: [REDIS_URL, prefix, '4'] } });
    await engine.close();
  });
});
