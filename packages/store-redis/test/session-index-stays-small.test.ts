import { randomUUID } from 'node:crypto';
import { manualClock, openEngine } from '@tagout/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore, namespaceBase } from '../src/index.js';
import { dropRedisNamespace, randomPrefix, redisAvailable, testClient } from './helpers/redis-env.js';

const available = await redisAvailable();

const NOW = 1_700_000_000_000;
const RETENTION_MS = 3_600_000;

describe.skipIf(!available)('the session index and the per-session work counts stay small', () => {
  const client = testClient();
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const prefix of prefixes) await dropRedisNamespace(client, prefix);
    await client.quit();
  });

  /** A store under a fresh prefix, and readers of its session index and work counts. */
  function fresh(scanBudget = 1000) {
    const prefix = randomPrefix('sessions');
    prefixes.push(prefix);
    const base = namespaceBase(prefix);
    return {
      store: createRedisStore({ client, prefix, scanBudget }),
      indexed: () => client.zrange(`${base}sx`, 0, -1),
      counts: () => client.hgetall(`${base}sw`),
    };
  }

  /** Creates `n` sessions, one per ms from `NOW + from`; returns their ids in listing order. */
  async function createSessions(
    store: ReturnType<typeof fresh>['store'],
    n: number,
    from = 0,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const now = NOW + from + i;
      const input = {
        id,
        component: 'c',
        runtimeInfo: '',
        intervalMs: 60_000,
        retentionMs: RETENTION_MS,
        now,
      };
      await store.createSession(input);
      ids.push(id);
    }
    return ids;
  }

  it('creating sessions drops the ids of gone sessions from the index, two examined per create', async () => {
    const { store, indexed } = fresh();
    const gone = await createSessions(store, 10);
    for (const sessionId of gone) await store.closeSession({ sessionId, now: NOW });
    expect(await indexed()).toHaveLength(10);

    const open = await createSessions(store, 20, 100);

    expect(await indexed()).toEqual(open);
  });

  it('a listing longer than the scan budget is read in steps, skipping and dropping gone sessions', async () => {
    const { store, indexed } = fresh(3);
    const ids = await createSessions(store, 11);
    const closed = ids.filter((_, i) => i % 2 === 1);
    for (const sessionId of closed) await store.closeSession({ sessionId, now: NOW });
    const open = ids.filter((id) => !closed.includes(id));

    const listed = await store.listSessions({ aliveOnly: false, limit: 100, now: NOW });

    expect(listed.map((session) => session.id)).toEqual(open);
    expect(await indexed()).toEqual(open);
    const first = await store.listSessions({ aliveOnly: false, limit: 2, now: NOW });
    expect(first.map((session) => session.id)).toEqual(open.slice(0, 2));
  });

  it("a session's work count is deleted once its work ended, reaped expired work included", async () => {
    const { store, counts } = fresh();
    const clock = manualClock(NOW);
    const engine = await openEngine({ store, processes: ['Install'], clock });
    const [a, b, c] = [
      await engine.createMachine(),
      await engine.createMachine(),
      await engine.createMachine(),
    ];
    const worker = await engine.startSession({ component: 'w', intervalMs: 10_000, heartbeat: false });
    const first = await worker.work('Install', { machineId: a.id });
    await worker.work('Install', { machineId: b.id });
    const third = await worker.work('Install', { machineId: c.id });
    expect(await counts()).toEqual({ [worker.id]: '3' });
    await first.finish();
    await third.fail('boom');
    expect(await counts()).toEqual({ [worker.id]: '1' });

    clock.advance(10_000);
    const other = await engine.startSession({ component: 'o', intervalMs: 10_000, heartbeat: false });
    await (await other.work('Install', { machineId: b.id })).finish();

    expect(await counts()).toEqual({});
    await engine.close();
  });
});
