import { checkLiveState } from '@tagout/conformance';
import { openEngine, StoreError } from '@tagout/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { REDIS_URL, redisAvailable, testNamespace } from './helpers/redis-env.js';
import { startReplyDroppingProxy } from './helpers/reply-dropping-proxy.js';

const available = await redisAvailable();

describe.skipIf(!available)('a claim whose reply is lost, then resent by ioredis after it reconnects', () => {
  const { prefix } = testNamespace('resent');

  it('is an unknown outcome: the session is retired and both claims are released', async () => {
    const upstream = new URL(REDIS_URL);
    const proxy = await startReplyDroppingProxy(upstream.hostname, Number(upstream.port || 6379));
    // ioredis' defaults: autoResendUnfulfilledCommands is on.
    const client = new Redis({ host: '127.0.0.1', port: proxy.port });
    client.on('error', () => undefined);
    const engine = await openEngine({
      store: createRedisStore({ client, prefix }),
      processes: ['P'],
      onError: () => undefined,
    });
    try {
      const a = await engine.createMachine({ tags: { Ready: true } });
      const b = await engine.createMachine({ tags: { Ready: true } });
      const session = await engine.startSession({ component: 'resent', heartbeat: false });
      // Warm the script cache, so the claim below runs as sent (no NOSCRIPT round trip).
      await (await session.work('P', { machineId: a.id })).cancel();

      proxy.dropNextReply();
      const claim = await session.work('P', { where: { has: 'Ready' } }).catch((error: unknown) => error);

      // The claim ran twice on the server (the first reply was lost, ioredis resent it): the
      // store cannot tell which run its reply describes, so the outcome is unknown.
      expect(claim).toBeInstanceOf(StoreError);
      expect(session.expired).toBe(true);
      await session.close();
      const history = await engine.history();
      const started = history.filter((event) => event.event === 'Started').slice(1);
      expect(started.map((event) => event.sessionId)).toEqual([session.id, session.id]);
      expect(checkLiveState(history, await engine.activeWork())).toEqual([]);
      expect(await engine.activeWork()).toEqual([]);
      expect(history.slice(-2).map((event) => [event.event, event.token])).toEqual(
        started.map((event) => ['Canceled', event.token]),
      );
      const fresh = await engine.startSession({ component: 'resent', heartbeat: false });
      const ids = [];
      for (let i = 0; i < 2; i++) ids.push((await fresh.work('P', { where: { has: 'Ready' } }))?.machine.id);
      expect(ids.sort()).toEqual([a.id, b.id].sort());
    } finally {
      await engine.close();
      client.disconnect();
      await proxy.close();
    }
  });
});
