import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { redisAvailable, testNamespace } from './helpers/redis-env.js';

const available = await redisAvailable();

describe.skipIf(!available)('scripts after SCRIPT FLUSH', () => {
  const { client, prefix } = testNamespace('reload');

  it('are sent again once (NOSCRIPT → EVAL) and keep working', async () => {
    const store = createRedisStore({ client, prefix });
    const id = randomUUID();
    await store.createMachine({ id, tags: { Rack: '"r1"' }, now: 1_000 });
    await client.script('FLUSH');
    expect(await store.getMachine({ machineId: id })).toEqual({
      id,
      createdAt: 1_000,
      tags: { Rack: { value: 'r1', updatedAt: 1_000 } },
    });
    expect(await store.stats({ now: 1_000 })).toEqual({
      machines: 1,
      liveWork: {},
      activeBackoffs: {},
      tags: { Rack: 1 },
    });
  });
});
