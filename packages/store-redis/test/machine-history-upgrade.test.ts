import { randomUUID } from 'node:crypto';
import { finishWrites, storeEvents } from '@tagout/conformance';
import { LIMITS, type Store } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { createRedisStore, namespaceBase, seedRedisMachines } from '../src/index.js';
import { redisAvailable, testNamespace } from './helpers/redis-env.js';
import { createMinuteSession } from './helpers/test-session.js';

const available = await redisAvailable();
const NOW = Date.UTC(2026, 0, 1);
/** Enough machines that the upgrade walks their events in more than one call (1,000 per call). */
const MACHINES = 600;

/** Claims every machine lacking `Done` for `process`, in batches, and finishes each: two events a machine. */
async function cycleAll(store: Store, sessionId: string, process: string, tag: string): Promise<void> {
  for (;;) {
    const claimed = await store.claimMany!({
      sessionId,
      process,
      blockers: [process],
      filter: { kind: 'lacks', tag },
      limit: LIMITS.claimBatch,
      now: NOW,
    });
    if (!claimed.ok || claimed.works.length === 0) return;
    await store.finishMany!({
      finishes: finishWrites(claimed.works, sessionId, process, { [tag]: 'true' }),
      now: NOW,
    });
  }
}

describe.skipIf(!available)('a namespace with the per-machine history indexes of an earlier release', () => {
  const { client, prefix } = testNamespace('hxm-upgrade');

  it('loses them at open(), and a machine’s history is the union of its pairs’ (hp)', async () => {
    const base = namespaceBase(prefix);
    const store = createRedisStore({ client, prefix });
    await store.open();
    const ids = Array.from({ length: MACHINES }, () => randomUUID());
    await seedRedisMachines(
      client,
      ids.map((id) => ({ id, tags: {} })),
      { prefix, now: NOW },
    );
    const sessionId = randomUUID();
    await createMinuteSession(store, sessionId, NOW);
    await cycleAll(store, sessionId, 'P', 'DoneP');
    const one = ids[0]!;
    const claimed = await store.claim({
      sessionId,
      process: 'Q',
      blockers: ['Q'],
      target: { machineId: one },
      now: NOW,
    });
    if (!claimed.ok) throw new Error(claimed.reason);
    const expected = await storeEvents(store, { machineId: one, limit: 10 });
    expect(expected.map((event) => [event.process, event.event])).toEqual([
      ['P', 'Started'],
      ['P', 'Finished'],
      ['Q', 'Started'],
    ]);

    // As an earlier release left it: an index per machine ('hxm:'), no 'hp' and no mark.
    const events = await storeEvents(store, { limit: 10 * MACHINES });
    expect(events).toHaveLength(2 * MACHINES + 1);
    const pipeline = client.pipeline();
    for (const event of events) {
      const seq = String(Number(event.id));
      pipeline.zadd(`${base}hxm:${event.machineId}`, seq, seq);
    }
    await pipeline.exec();
    await client.del(`${base}hp`, `${base}hpv`);
    expect(await storeEvents(store, { machineId: one, limit: 10 })).toEqual([]);

    const upgraded = createRedisStore({ client, prefix });
    await upgraded.open();
    expect(await storeEvents(upgraded, { machineId: one, limit: 10 })).toEqual(expected);
    expect((await client.smembers(`${base}hp`)).sort()).toEqual(['P', 'Q']);
    expect(await client.exists(`${base}hpv`, `${base}hpc`)).toBe(1);
    const left = await Promise.all(ids.map((id) => client.exists(`${base}hxm:${id}`)));
    expect(left.filter((exists) => exists === 1)).toEqual([]);
  });
});
