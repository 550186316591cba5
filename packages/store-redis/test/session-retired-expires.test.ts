import { randomUUID } from 'node:crypto';
import { manualClock, openEngine, SessionExpiredError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { createRedisStore, namespaceBase } from '../src/index.js';
import { redisAvailable, testNamespace } from './helpers/redis-env.js';

const available = await redisAvailable();

describe.skipIf(!available)('sessions past their retention', () => {
  const { client, prefix } = testNamespace('retired');

  it('a dead session disappears once retired; its machine goes to a fresh session with an Expired event', async () => {
    const clock = manualClock();
    const engine = await openEngine({
      store: createRedisStore({ client, prefix }),
      processes: ['A'],
      clock,
      sessionRetentionMs: 60_000,
    });
    const machine = await engine.createMachine();
    const crashed = await engine.startSession({ component: 'crashed', intervalMs: 10_000, heartbeat: false });
    const held = await crashed.work('A', { machineId: machine.id });
    const key = `${namespaceBase(prefix)}s:${crashed.id}`;
    // The key expires after deadline + retention - now of real time (the clock is injected and
    // far from real time: an absolute expiry would have deleted it at once, or kept it for years).
    expect(await client.pttl(key)).toBeGreaterThan(0);
    expect(await client.pttl(key)).toBeLessThanOrEqual(70_000);

    clock.advance(70_000 - 1); // dead, not yet retired: kept
    expect((await engine.stats()).liveWork).toEqual({ A: 0 });
    expect(await client.exists(key)).toBe(1);

    clock.advance(1); // retired
    const fresh = await engine.startSession({ component: 'fresh', intervalMs: 10_000, heartbeat: false });
    const taken = await fresh.work('A', { machineId: machine.id });
    expect(await client.exists(key)).toBe(0);
    const history = await engine.history({ machineId: machine.id });
    expect(history.map((event) => [event.event, event.sessionId, event.token])).toEqual([
      ['Started', crashed.id, held.token],
      ['Expired', crashed.id, held.token],
      ['Started', fresh.id, taken.token],
    ]);

    await expect(crashed.work('A', { where: { has: 'x' } })).rejects.toBeInstanceOf(SessionExpiredError);
    await crashed.close(); // a missing session: nothing to release
    expect(await engine.activeWork()).toMatchObject([{ sessionId: fresh.id, token: taken.token }]);
    await engine.close();
  });

  it('a heartbeat moves the expiry with the deadline and the retention it is given', async () => {
    const store = createRedisStore({ client, prefix });
    const id = randomUUID();
    const now = 1_000_000;
    await store.createSession({
      id,
      component: 'c',
      runtimeInfo: '',
      intervalMs: 1_000,
      retentionMs: 1_000,
      now,
    });
    const key = `${namespaceBase(prefix)}s:${id}`;
    expect(await client.pttl(key)).toBeLessThanOrEqual(2_000);
    expect(await store.heartbeat({ sessionId: id, retentionMs: 3_600_000, now: now + 500 })).toEqual({
      ok: true,
      deadline: now + 1_500,
    });
    expect(await client.pttl(key)).toBeGreaterThan(3_600_000);
  });
});
