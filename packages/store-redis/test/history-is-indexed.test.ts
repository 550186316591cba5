import { randomUUID } from 'node:crypto';
import { storeEvents } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, seedRedisMachines } from '../src/index.js';
import { type CountedRedis, startCountedRedis } from './helpers/counted-redis.js';
import { clusterToolsAvailable } from './helpers/redis-cluster.js';

const tools = await clusterToolsAvailable();
if (!tools && process.env.CI)
  throw new Error('redis-server/redis-cli are needed for the history index tests (CI)');

const NOW = 1_700_000_000_000;
const MACHINES = 40;
const CYCLES = 50;
const TOTAL = 2 * (3 + MACHINES * CYCLES);

describe.skipIf(!tools)('Redis history pages read O(limit) (private redis-server, INFO commandstats)', () => {
  let redis: CountedRedis;
  let store: Store;
  const ids = Array.from({ length: MACHINES }, () => randomUUID());
  const rare = ids[0]!;

  /** Claims the pair by id and finishes it: a Started and a Finished event. */
  async function cycle(sessionId: string, machineId: string, process: string): Promise<void> {
    const claimed = await store.claim({
      sessionId,
      process,
      blockers: [process],
      target: { machineId },
      now: NOW,
    });
    if (!claimed.ok) throw new Error(`claim refused: ${claimed.reason}`);
    const { token } = claimed.work;
    await store.finish({ sessionId, machineId, process, token, setTags: {}, deleteTags: [], now: NOW });
  }

  beforeAll(async () => {
    redis = await startCountedRedis();
    store = createRedisStore({ client: redis.client, prefix: 'history' });
    await store.open();
    await seedRedisMachines(
      redis.client,
      ids.map((id) => ({ id, tags: {} })),
      { prefix: 'history', now: NOW },
    );
    const session = { id: randomUUID(), component: 'test', runtimeInfo: '', intervalMs: 60_000 };
    await store.createSession({ ...session, retentionMs: 60_000, now: NOW });
    for (let i = 0; i < 3; i++) await cycle(session.id, rare, 'Recovery');
    for (let round = 0; round < CYCLES; round++) {
      await Promise.all(ids.map((id) => cycle(session.id, id, 'AgentStart')));
    }
  }, 60_000);
  afterAll(() => redis?.stop());

  it('the last events of a rare process, of a pair and of the store read a page, not the history', async () => {
    await redis.commandCounts();
    const recovery = await storeEvents(store, { process: 'Recovery', limit: 3 });
    const pair = await storeEvents(store, { machineId: rare, process: 'Recovery', limit: 2 });
    const latest = await storeEvents(store, { limit: 2 });
    const counts = await redis.commandCounts();

    expect(recovery.map((event) => [event.process, event.event, event.token])).toEqual([
      ['Recovery', 'Finished', 2],
      ['Recovery', 'Started', 3],
      ['Recovery', 'Finished', 3],
    ]);
    expect(pair.map((event) => [event.machineId, event.event, event.token])).toEqual([
      [rare, 'Started', 3],
      [rare, 'Finished', 3],
    ]);
    // Per call: one range of the index, one read of the events.
    expect(counts.evalsha).toBe(3);
    expect(counts.zrange).toBe(counts.evalsha);
    expect(counts.hmget).toBe(counts.evalsha);
    expect(counts.lrange ?? 0).toBe(0);
    expect(latest).toEqual((await storeEvents(store, {})).slice(-2));
  });

  it('a limit of 100,000 is read in script calls of at most 1,000 events, oldest first', async () => {
    await redis.commandCounts();
    const all = await storeEvents(store, {});
    const counts = await redis.commandCounts();
    expect(all).toHaveLength(TOTAL);
    const started = all.filter((event) => event.event === 'Started').map((event) => event.token);
    expect(started).toEqual(Array.from({ length: TOTAL / 2 }, (_, i) => i + 1));
    const outcomes = new Map<number, string[]>();
    for (const event of all) outcomes.set(event.token, [...(outcomes.get(event.token) ?? []), event.event]);
    for (const events of outcomes.values()) expect(events).toEqual(['Started', 'Finished']);
    expect(counts.evalsha).toBe(Math.ceil(TOTAL / 1000));
  });

  it('a page just after or just before an event at the far end reads a page, not the history', async () => {
    const all = await storeEvents(store, {});
    const oldest = all[5]!;
    const newest = all.at(-6)!;
    await redis.commandCounts();
    const after = await storeEvents(store, { after: oldest.id, limit: 100 });
    const before = await storeEvents(store, { before: oldest.id, limit: 100 });
    const range = await storeEvents(store, { after: oldest.id, before: newest.id, limit: 3 });
    const pairAfter = await storeEvents(store, {
      machineId: rare,
      process: 'AgentStart',
      after: oldest.id,
      limit: 2,
    });
    const counts = await redis.commandCounts();

    expect(after).toEqual(all.slice(6, 106));
    expect(before).toEqual(all.slice(0, 5));
    expect(range).toEqual(all.slice(6, 9));
    expect(pairAfter).toEqual(
      all.filter((e) => e.machineId === rare && e.process === 'AgentStart' && e.id > oldest.id).slice(0, 2),
    );
    expect(counts.evalsha).toBe(4);
    expect(counts.zrange).toBe(4);
    expect(counts.hmget).toBe(4);
  });

  it('a page of a machine merges a page of each of its pairs, one per process with events', async () => {
    const all = await storeEvents(store, {});
    await redis.commandCounts();
    const latest = await storeEvents(store, { machineId: rare, limit: 4 });
    const first = await storeEvents(store, { machineId: rare, after: all[0]!.id, limit: 3 });
    const counts = await redis.commandCounts();

    const ofRare = all.filter((event) => event.machineId === rare);
    expect(ofRare).toHaveLength(2 * (3 + CYCLES));
    expect(latest).toEqual(ofRare.slice(-4));
    expect(first).toEqual(ofRare.slice(1, 4));
    expect(first.map((event) => event.process)).toEqual(['Recovery', 'Recovery', 'Recovery']);
    // Per call: the processes with events (two), a page of each pair, one read of the events.
    expect(counts.evalsha).toBe(2);
    expect(counts.smembers).toBe(2);
    expect(counts.zrange).toBe(4);
    expect(counts.hmget).toBe(2);
  });
});
