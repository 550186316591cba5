import { randomUUID } from 'node:crypto';
import type { Store } from '@tagout/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, seedRedisMachines } from '../src/index.js';
import { type CountedRedis, startCountedRedis } from './helpers/counted-redis.js';
import { clusterToolsAvailable } from './helpers/redis-cluster.js';

const tools = await clusterToolsAvailable();
if (!tools && process.env.CI)
  throw new Error('redis-server/redis-cli are needed for the bounded-read tests (CI)');

const NOW = 1_700_000_000_000;
const MACHINES = 3000;
const BUDGET = 100;

/** Commands a script ran inside Redis (everything but the script calls themselves). */
function inside(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([name]) => name !== 'evalsha' && name !== 'eval')
    .reduce((sum, [, calls]) => sum + calls, 0);
}

describe.skipIf(!tools)(
  'Redis reads and idle claims do bounded work (private redis-server, INFO commandstats)',
  () => {
    let redis: CountedRedis;
    let store: Store;
    const ids = Array.from({ length: MACHINES }, () => randomUUID()).sort();

    beforeAll(async () => {
      redis = await startCountedRedis();
      store = createRedisStore({ client: redis.client, prefix: 'bounded', scanBudget: BUDGET });
      await store.open();
      for (let i = 0; i < MACHINES; i += 1000) {
        const batch = ids
          .slice(i, i + 1000)
          .map((id) => ({ id, tags: { Provided: '1', AgentStarted: '1' } }));
        await seedRedisMachines(redis.client, batch, { prefix: 'bounded', now: NOW });
      }
    });
    afterAll(() => redis?.stop());

    it('machines({ where, limit: 1 }) over 3,000 matching machines reads one, in creation order', async () => {
      await redis.commandCounts();
      const listed = await store.listMachines({
        filter: { kind: 'has', tag: 'Provided' },
        limit: 1,
        now: NOW,
      });
      const counts = await redis.commandCounts();
      expect(listed.map((machine) => machine.id)).toEqual([ids[0]]);
      expect(counts.hmget).toBe(1);
      expect(counts.hgetall).toBe(1);
    });

    it('a listing longer than the budget is read in script calls of at most the budget each', async () => {
      await redis.commandCounts();
      const listed = await store.listMachines({ limit: 250, now: NOW });
      const counts = await redis.commandCounts();
      expect(listed.map((machine) => machine.id)).toEqual(ids.slice(0, 250));
      expect(counts.evalsha).toBe(3);
      expect(counts.hgetall).toBe(250);
    });

    it('an idle claim by filter examines at most the budget of candidates', async () => {
      const session = { id: randomUUID() };
      await store.createSession({
        ...session,
        component: 'test',
        runtimeInfo: '',
        intervalMs: 60_000,
        retentionMs: 60_000,
        now: NOW,
      });
      const filter = {
        kind: 'and' as const,
        filters: [
          { kind: 'has' as const, tag: 'Provided' },
          { kind: 'lacks' as const, tag: 'AgentStarted' },
        ],
      };
      await redis.commandCounts();
      const claimed = await store.claim({
        sessionId: session.id,
        process: 'AgentStart',
        blockers: ['AgentStart'],
        target: { filter },
        now: NOW,
      });
      const counts = await redis.commandCounts();
      expect(claimed).toEqual({ ok: false, reason: 'nothing' });
      // One HMGET reads the session (deadline, retention); one per candidate examined.
      expect(counts.hmget).toBe(BUDGET + 1);
      expect(inside(counts)).toBeLessThan(BUDGET + 20);
    });
  },
);
