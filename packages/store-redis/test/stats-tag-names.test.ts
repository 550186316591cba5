import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedisStore, namespaceBase } from '../src/index.js';
import { redisAvailable, testNamespace } from './helpers/redis-env.js';

const available = await redisAvailable();

describe.skipIf(!available)('stats: tag names', () => {
  const { client, prefix } = testNamespace('stats');

  it('counts a tag name while some machine has it, and forgets it when the last one loses it', async () => {
    const store = createRedisStore({ client, prefix });
    const names = () => client.smembers(`${namespaceBase(prefix)}tn`).then((found) => found.sort());
    const now = 1_700_000_000_000;
    const [a, b] = [randomUUID(), randomUUID()];
    await store.createMachine({ id: a, tags: { Rack: '"r1"', Zone: '"eu"' }, now });
    await store.createMachine({ id: b, tags: { Rack: '"r2"' }, now });
    await store.setTags({ machineId: b, tags: { Rack: '"r3"' }, now });
    expect((await store.stats({ now })).tags).toEqual({ Rack: 2, Zone: 1 });

    await store.deleteTags({ machineId: a, names: ['Zone', 'Absent'], now });
    expect(await names()).toEqual(['Rack']);
    await store.deleteMachine({ machineId: a, now });
    expect(await store.stats({ now })).toEqual({
      machines: 1,
      liveWork: {},
      activeBackoffs: {},
      tags: { Rack: 1 },
    });
    await store.deleteMachine({ machineId: b, now });
    expect(await names()).toEqual([]);
    expect((await store.stats({ now })).tags).toEqual({});
  });
});
