import { type Engine, openEngine, StoreError } from '@tagout/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, dropRedisNamespace, Redis } from '../src/index.js';
import { type BlackholeProxy, startBlackholeProxy } from './helpers/blackhole-proxy.js';
import { REDIS_URL, randomPrefix, redisAvailable } from './helpers/redis-env.js';

const available = await redisAvailable();

/** Every call settled: the error of each one that rejected, else 'resolved'. */
function outcomes(calls: readonly Promise<unknown>[]): Promise<unknown[]> {
  return Promise.all(
    calls.map((call) =>
      call.then(
        () => 'resolved',
        (error: unknown) => error,
      ),
    ),
  );
}

describe.skipIf(!available)('a Redis store behind a network that stops forwarding', () => {
  const target = new URL(REDIS_URL);
  const prefix = randomPrefix('blackhole');
  let proxy: BlackholeProxy;
  let engine: Engine;

  beforeAll(async () => {
    proxy = await startBlackholeProxy({ host: target.hostname, port: Number(target.port || 6379) });
    engine = await openEngine({
      store: createRedisStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, timeoutMs: 300 }),
      processes: ['A'],
      onError: () => {},
    });
  });

  afterAll(async () => {
    proxy.resume();
    await engine.close();
    await proxy.close();
    const client = new Redis(REDIS_URL);
    await dropRedisNamespace(client, prefix);
    await client.quit();
  });

  it('every call rejects with StoreError after timeoutMs, and calls work again once forwarding resumes', async () => {
    const [m1, m2] = [await engine.createMachine(), await engine.createMachine()];
    const session = await engine.startSession({ component: 'c', heartbeat: false });
    const work = await session.work('A', { machineId: m1.id });

    proxy.blackhole();
    const failed = await outcomes([
      engine.createMachine(),
      engine.machine(m2.id),
      engine.machines(),
      engine.stats(),
      engine.history(),
      engine.activeWork(),
      session.work('A', { machineId: m2.id }),
      work.finish({ setTags: { Done: true } }),
    ]);
    for (const error of failed) expect(error).toBeInstanceOf(StoreError);
    expect(failed.map((error) => String((error as Error).cause))).toContain('Error: Command timed out');

    proxy.resume();
    // What was sent before may have run after all (outcome unknown); the store answers again.
    expect((await engine.machine(m1.id))?.id).toBe(m1.id);
    const m3 = await engine.createMachine();
    expect((await engine.machines({ limit: 10 })).map((m) => m.id)).toContain(m3.id);
  });

  it('openEngine rejects with StoreError while nothing is forwarded', async () => {
    proxy.blackhole();
    const store = createRedisStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, timeoutMs: 300 });
    const error = await openEngine({ store, processes: ['A'] }).catch((caught: unknown) => caught);
    proxy.resume();
    expect(error).toBeInstanceOf(StoreError);
  });

  it('engine.close() ends while nothing is forwarded', async () => {
    const other = await openEngine({
      store: createRedisStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, timeoutMs: 300 }),
      processes: ['A'],
      onError: () => {},
    });
    await other.startSession({ component: 'c', heartbeat: false });
    proxy.blackhole();
    await other.close();
    proxy.resume();
  });
});
