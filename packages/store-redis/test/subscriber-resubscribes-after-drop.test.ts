import { randomBytes } from 'node:crypto';
import { recordSignals, startPrivateRedis } from '@tagout/conformance';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { cancelWork } from './helpers/cancel-work.js';
import {
  dropRedisNamespace,
  REDIS_URL,
  randomPrefix,
  redisAvailable,
  testClient,
} from './helpers/redis-env.js';
import { signalsUntil, signalsUntilNull } from './helpers/signals-until.js';

const available = await redisAvailable();

/** Ids of the pub/sub connections named `name` (`CLIENT LIST`). */
async function subscriberIds(admin: Redis, name: string): Promise<string[]> {
  const list = String(await admin.client('LIST'));
  return list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `) && /flags=\S*P/.test(line))
    .map((line) => /^id=(\d+)/.exec(line)?.[1] ?? '');
}

describe.skipIf(!available)('a subscriber connection that drops', () => {
  const admin = testClient();
  afterAll(() => admin.disconnect());

  it('killed by CLIENT KILL: it subscribes again, says null, and hears later signals', async () => {
    const name = `tagout-resub-${randomBytes(4).toString('hex')}`;
    const prefix = randomPrefix('resub');
    // The subscriber connection is a duplicate of this client: it has its name.
    const client = new Redis(REDIS_URL, { connectionName: name });
    const writer = createRedisStore({ client: admin, prefix });
    const machine = crypto.randomUUID();
    await writer.createMachine({ id: machine, tags: {} });
    const reader = createRedisStore({ client, prefix });
    await reader.open();
    const signals = await recordSignals(reader);
    const before = await subscriberIds(admin, name);
    expect(before).toHaveLength(1);

    await admin.client('KILL', 'ID', before[0]!);
    expect(await signalsUntilNull(signals)).toEqual([null]);
    const after = await subscriberIds(admin, name);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);

    await cancelWork(writer, machine);
    expect(await signalsUntil(signals, (signal) => signal !== null)).toEqual([['P']]);
    await reader.close();
    expect(await subscriberIds(admin, name)).toEqual([]);
    await dropRedisNamespace(admin, prefix);
    client.disconnect();
  });

  it('on a private Redis that restarts: it subscribes again once the server is back, says null, and hears later signals', async () => {
    const server = await startPrivateRedis({ persist: false });
    const prefix = randomPrefix('restart');
    const reader = createRedisStore({ url: server.url, prefix });
    const writer = createRedisStore({ url: server.url, prefix });
    try {
      await Promise.all([reader.open(), writer.open()]);
      const signals = await recordSignals(reader);
      await server.kill();
      await server.start();
      expect(await signalsUntilNull(signals)).toEqual([null]);

      // Nothing was persisted: the machine is new.
      const machine = crypto.randomUUID();
      await writer.createMachine({ id: machine, tags: {} });
      await cancelWork(writer, machine);
      expect(await signalsUntil(signals, (signal) => signal !== null && signal[0] === 'P')).toEqual([
        null,
        ['P'],
      ]);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
      await server.stop();
    }
  });
});
