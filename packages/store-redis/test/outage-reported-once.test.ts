import { type PrivateRedis, startPrivateRedis } from '@tagout/conformance';
import { openEngine, StoreConnectionError, StoreError, type TagoutError } from '@tagout/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisStore, Redis } from '../src/index.js';

/** Collects what an engine reports through onError; `next()` resolves at the next report. */
function reports() {
  const seen: TagoutError[] = [];
  let wake: (() => void) | undefined;
  return {
    seen,
    onError: (error: TagoutError) => {
      seen.push(error);
      wake?.();
    },
    next: () => new Promise<void>((resolve) => (wake = resolve)),
  };
}

/**
 * Kills the server, runs `during` once the outage was reported, keeps the server down for 2 s
 * (the length of the outage, not a deadline), starts it again; resolves once its end was reported.
 */
async function outage(
  redis: PrivateRedis,
  reported: ReturnType<typeof reports>,
  during: () => Promise<void> = async () => {},
): Promise<void> {
  const lost = reported.next();
  await redis.kill();
  await lost;
  await during();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const restored = reported.next();
  await redis.start();
  await restored;
}

describe('a Redis outage while an engine is open', () => {
  let redis: PrivateRedis;
  const consoleError = vi.spyOn(console, 'error');

  beforeAll(async () => {
    redis = await startPrivateRedis({ persist: false });
  });

  afterAll(async () => {
    consoleError.mockRestore();
    await redis.stop();
  });

  it('is reported once through onError, and its end once; ioredis prints nothing', async () => {
    const reported = reports();
    const engine = await openEngine({
      store: createRedisStore({ url: redis.url, prefix: 'outage', timeoutMs: 500 }),
      processes: ['A'],
      onError: reported.onError,
    });
    await engine.createMachine();

    await outage(redis, reported, async () => {
      await expect(engine.machines()).rejects.toBeInstanceOf(StoreError);
    });
    expect((await engine.stats()).machines).toBe(0); // the server kept nothing, and answers again

    expect(reported.seen).toHaveLength(2);
    expect(reported.seen[0]).toBeInstanceOf(StoreConnectionError);
    expect(reported.seen[0]).toMatchObject({ restored: false, cause: { code: 'ECONNREFUSED' } });
    expect(reported.seen[1]).toMatchObject({ restored: true });
    expect(consoleError).not.toHaveBeenCalled();
    await engine.close();
  });

  it('on a client the user handed in as well; close() removes the listeners it added', async () => {
    const client = new Redis(redis.url);
    const listeners = () => client.listenerCount('error') + client.listenerCount('ready');
    const before = listeners();
    const reported = reports();
    const engine = await openEngine({
      store: createRedisStore({ client, prefix: 'outage' }),
      processes: ['A'],
      onError: reported.onError,
    });
    expect(listeners()).toBeGreaterThan(before);

    await outage(redis, reported);
    expect(reported.seen.map((error) => (error as StoreConnectionError).restored)).toEqual([false, true]);
    expect(consoleError).not.toHaveBeenCalled();

    await engine.close();
    expect(listeners()).toBe(before);
    await client.quit();
  });
});
