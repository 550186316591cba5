import { randomUUID } from 'node:crypto';
import { finishWrites, storeEvents } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, seedRedisMachines } from '../src/index.js';
import { type CountedRedis, startCountedRedis } from './helpers/counted-redis.js';
import { clusterToolsAvailable } from './helpers/redis-cluster.js';
import { createMinuteSession } from './helpers/test-session.js';

const tools = await clusterToolsAvailable();
if (!tools && process.env.CI)
  throw new Error('redis-server/redis-cli are needed for the batched transition command counts (CI)');

const NOW = 1_700_000_000_000;
const MACHINES = 50;
const PROCESS = 'Bench';
const BASE = 'tagout:{batched}:';

describe.skipIf(!tools)(
  'Redis batched claims and finishes write the history, tokens and work counts once per key (private redis-server, INFO commandstats)',
  () => {
    let redis: CountedRedis;
    let store: Store;
    const sessionId = randomUUID();
    const ids = Array.from({ length: MACHINES }, () => randomUUID());

    beforeAll(async () => {
      redis = await startCountedRedis();
      store = createRedisStore({ client: redis.client, prefix: 'batched' });
      await store.open();
      await seedRedisMachines(
        redis.client,
        ids.map((id) => ({ id, tags: {} })),
        { prefix: 'batched', now: NOW },
      );
      await createMinuteSession(store, sessionId, NOW);
    });
    afterAll(() => redis?.stop());

    it('a claim of 50 and a finish of 50: one INCRBY per counter, one write per shared index (work, tags, history), one per pair index', async () => {
      await redis.commandCounts();
      const claimed = await store.claimMany!({
        sessionId,
        process: PROCESS,
        blockers: [PROCESS],
        filter: { kind: 'lacks', tag: 'Done' },
        limit: MACHINES,
        now: NOW,
      });
      const claimCounts = await redis.commandCounts();
      if (!claimed.ok) throw new Error('claimMany refused');
      const works = claimed.works;
      expect(works).toHaveLength(MACHINES);
      expect(await redis.client.hget(`${BASE}sw`, sessionId)).toBe(String(MACHINES));
      expect(claimCounts).toMatchObject({
        evalsha: 1,
        // The token counter and the history sequence: one INCRBY each, no INCR per work.
        incrby: 2,
        hincrby: 1,
        // The pair field of each machine, then every event line in one HSET.
        hset: MACHINES + 1,
        // The pair index per work (a machine has no index of its own); 'wt', 'hx' and the
        // process index once.
        zadd: MACHINES + 3,
        // The processes that have events ('hp').
        sadd: 1,
      });
      expect(claimCounts.incr).toBeUndefined();

      const finished = await store.finishMany!({
        finishes: finishWrites(works, sessionId, PROCESS, { Done: 'true' }),
        now: NOW + 1,
      });
      const finishCounts = await redis.commandCounts();
      expect(finished).toEqual(works.map(() => ({ ok: true })));
      expect(finishCounts).toMatchObject({
        evalsha: 1,
        incrby: 1,
        // The session's count goes from 50 to 0 in one step, and its field with it.
        hincrby: 1,
        hdel: MACHINES + 1,
        hset: MACHINES + 1,
        // The pair index per work; 'ti:Done', 'hx' and the process index once.
        zadd: MACHINES + 3,
        // 'wt' once; the tag names and the processes that have events once each.
        zrem: 1,
        sadd: 2,
      });
      expect(finishCounts.incr).toBeUndefined();
      expect(await redis.client.hexists(`${BASE}sw`, sessionId)).toBe(0);

      // Every event kept its place: consecutive sequence numbers, the claims' in token order.
      const events = await storeEvents(store, { process: PROCESS, limit: 2 * MACHINES });
      const byToken = [...works].sort((a, b) => a.token - b.token);
      expect(events.map((event) => [event.event, event.machineId, event.token])).toEqual([
        ...byToken.map((work) => ['Started', work.machine.id, work.token]),
        ...works.map((work) => ['Finished', work.machine.id, work.token]),
      ]);
      const sequence = events.map((event) => Number(event.id));
      expect(sequence).toEqual(sequence.map((_, i) => sequence[0]! + i));
      for (const id of [ids[0]!, ids[MACHINES - 1]!]) {
        const ofMachine = await storeEvents(store, { machineId: id, limit: 10 });
        expect(ofMachine.map((event) => event.event)).toEqual(['Started', 'Finished']);
      }
    });
  },
);
