import { randomUUID } from 'node:crypto';
import type { Store } from '@tagout/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, seedRedisMachines } from '../src/index.js';
import { type CountedRedis, startCountedRedis } from './helpers/counted-redis.js';
import { clusterToolsAvailable } from './helpers/redis-cluster.js';

const tools = await clusterToolsAvailable();
if (!tools && process.env.CI)
  throw new Error('redis-server/redis-cli are needed for the bulk write command counts (CI)');

const NOW = 1_700_000_000_000;
const MACHINES = 500;
const TAGS = ['Provided', 'Rack', 'Zone'];

/** `count` machines with fresh ids and the tags TAGS, values as canonical JSON. */
function machines(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    tags: Object.fromEntries(TAGS.map((name) => [name, JSON.stringify({ i, name })])),
  }));
}

describe.skipIf(!tools)(
  'Redis bulk writes index a batch per tag name (private redis-server, INFO commandstats)',
  () => {
    let redis: CountedRedis;
    let store: Store;

    beforeAll(async () => {
      redis = await startCountedRedis();
      store = createRedisStore({ client: redis.client, prefix: 'bulk' });
      await store.open();
    });
    afterAll(() => redis?.stop());

    it('createMachines and setTagsMany: one HSET per machine, one ZADD per tag name, one EXISTS for all', async () => {
      const batch = machines(MACHINES);
      await redis.commandCounts();
      expect(await store.createMachines({ machines: batch, now: NOW })).toEqual({ ok: true, createdAt: NOW });
      const created = await redis.commandCounts();

      expect(created).toMatchObject({
        evalsha: 1,
        exists: 1,
        hset: MACHINES,
        zadd: TAGS.length + 1,
        sadd: 1,
      });

      const tags = batch.map((machine) => ({ machineId: machine.id, tags: { Zone: '"eu"', Extra: '1' } }));
      expect(await store.setTagsMany({ machines: tags, now: NOW + 1 })).toEqual({ ok: true });
      const set = await redis.commandCounts();

      expect(set).toMatchObject({ evalsha: 1, exists: 1, hset: MACHINES, zadd: 2, sadd: 1 });
      expect(await redis.client.zcard('tagout:{bulk}:ti:Extra')).toBe(MACHINES);
      expect(await redis.client.zscore('tagout:{bulk}:ti:Zone', batch[0]!.id)).toBe(String(NOW + 1));
      expect((await redis.client.smembers('tagout:{bulk}:tn')).sort()).toEqual([...TAGS, 'Extra'].sort());
    });

    it('a seed larger than one command carries is written in slices, repeated ids once', async () => {
      const batch = machines(5_000);
      const seeded = await seedRedisMachines(redis.client, [...batch, batch[0]!], {
        prefix: 'seed',
        now: NOW,
      });

      expect(seeded).toBe(batch.length);
      expect(await redis.client.zcard('tagout:{seed}:ms')).toBe(batch.length);
      expect(await redis.client.zcard('tagout:{seed}:ti:Rack')).toBe(batch.length);
      expect(await redis.client.hget(`tagout:{seed}:m:${batch[4_999]!.id}`, 't:Zone')).toBe(
        `${NOW} ${batch[4_999]!.tags.Zone}`,
      );
    });
  },
);
