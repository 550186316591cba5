import { fileURLToPath } from 'node:url';
import { FLEET_PROCESS, type PrivateRedis, runRestartScenario, startPrivateRedis } from '@tagout/conformance';
import { openEngine } from '@tagout/core';
import { createRedisStore } from '@tagout/store-redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WORKER = fileURLToPath(new URL('./fixtures/restart-worker.ts', import.meta.url));

describe('a private redis-server (AOF, appendfsync always) SIGKILLed and restarted while three worker processes drain the fleet', () => {
  let server: PrivateRedis;
  beforeAll(async () => {
    server = await startPrivateRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('finishes every machine, and history agrees with live work', { timeout: 120_000 }, async () => {
    const client = new Redis(server.url);
    client.on('error', () => undefined);
    const engine = await openEngine({
      store: createRedisStore({ client, prefix: 'tagout' }),
      processes: [FLEET_PROCESS],
      onError: () => undefined,
    });
    const kill = {
      name: 'SIGKILL + start (AOF)',
      run: async () => {
        await server.kill();
        await server.start();
      },
    };
    const report = await runRestartScenario({
      engine,
      worker: { script: WORKER, args: ['redis', server.url, 'tagout', '2', '4'] },
      faults: [kill, kill],
    });
    console.log(`redis restart mid-run survived: ${JSON.stringify(report)}`);
    expect(report.claims).toBeGreaterThanOrEqual(400);
    await engine.close();
    client.disconnect();
  });
});
