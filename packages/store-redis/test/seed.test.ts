import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore, seedRedisMachines } from '../src/index.js';
import { dropRedisNamespace, randomPrefix, redisAvailable, testClient } from './helpers/redis-env.js';

const available = await redisAvailable();

describe.skipIf(!available)('seedRedisMachines', () => {
  const client = testClient();
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const prefix of prefixes) await dropRedisNamespace(client, prefix);
    await client.quit();
  });

  /** Two namespaces: one filled through createMachine, one through the seeding script. */
  function pair() {
    const made = randomPrefix('seed-made');
    const seeded = randomPrefix('seed-seeded');
    prefixes.push(made, seeded);
    return { made, seeded };
  }

  it('writes exactly the keys createMachine writes, and skips existing ids', async () => {
    const { made, seeded } = pair();
    const now = 1_700_000_000_000;
    const machines = [
      { id: randomUUID(), tags: { Provided: '{"provider":"x"}', Zone: '"eu"' } },
      { id: randomUUID(), tags: {} },
      { id: randomUUID(), tags: { Provided: '{"provider":"y"}' } },
    ];
    const store = createRedisStore({ client, prefix: made });
    for (const machine of machines) await store.createMachine({ ...machine, now });

    expect(await seedRedisMachines(client, machines.slice(0, 2), { prefix: seeded, now })).toBe(2);
    expect(await seedRedisMachines(client, machines, { prefix: seeded, now })).toBe(1);

    const dump = async (prefix: string) => {
      const keys = (await client.keys(`tagout:{${prefix}}:*`)).sort();
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const name = key.slice(`tagout:{${prefix}}:`.length);
        const type = await client.type(key);
        if (type === 'hash') out[name] = await client.hgetall(key);
        else if (type === 'set') out[name] = (await client.smembers(key)).sort();
        else out[name] = await client.zrange(key, 0, -1, 'WITHSCORES');
      }
      return out;
    };
    const seededDump = await dump(seeded);
    expect(seededDump[`m:${machines[0]!.id}`]).toEqual({
      c: String(now),
      't:Provided': `${now} {"provider":"x"}`,
      't:Zone': `${now} "eu"`,
    });
    expect(seededDump).toEqual(await dump(made));
  });
});
