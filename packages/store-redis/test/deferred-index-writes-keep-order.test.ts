import { randomUUID } from 'node:crypto';
import type { Store } from '@tagout/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, namespaceBase, seedRedisMachines } from '../src/index.js';
import { dropRedisNamespace, redisAvailable, testNamespace } from './helpers/redis-env.js';
import { createMinuteSession } from './helpers/test-session.js';

const available = await redisAvailable();

const NOW = 1_700_000_000_000;

/**
 * A script writes the tag and work indexes at its end (one command per key), but in the order it
 * made its changes: a batched finish that sets a tag on one machine and deletes it on the same
 * machine, through two of its processes, leaves the index as the two finishes one after the
 * other would.
 */
describe.skipIf(!available)('deferred index writes keep the order of the changes (the real Redis)', () => {
  const { client, prefix } = testNamespace('deferred-order');
  const base = namespaceBase(prefix);
  let store: Store;
  const sessionId = randomUUID();

  beforeAll(async () => {
    store = createRedisStore({ client, prefix });
    await store.open();
    await createMinuteSession(store, sessionId, NOW);
  });
  afterAll(() => dropRedisNamespace(client, prefix));

  /** A fresh machine with `tags`, claimed by processes A and B; their tokens. */
  async function claimedTwice(tags: Record<string, string>): Promise<{ id: string; a: number; b: number }> {
    const id = randomUUID();
    await seedRedisMachines(client, [{ id, tags }], { prefix, now: NOW });
    const tokens: number[] = [];
    for (const process of ['A', 'B']) {
      const claimed = await store.claim({
        sessionId,
        process,
        blockers: [process],
        target: { machineId: id },
        now: NOW,
      });
      if (!claimed.ok) throw new Error(`claim refused: ${claimed.reason}`);
      tokens.push(claimed.work.token);
    }
    return { id, a: tokens[0]!, b: tokens[1]! };
  }

  /** The finish of the work of `process` with `token` on machine `id`. */
  function finishOf(
    id: string,
    process: string,
    token: number,
    setTags: Record<string, string>,
    deleteTags: string[],
  ) {
    return { sessionId, machineId: id, process, token, setTags, deleteTags };
  }

  it('set, then deleted in the same batch: the machine leaves the index, and the name the names set', async () => {
    const { id, a, b } = await claimedTwice({});
    const replies = await store.finishMany!({
      finishes: [finishOf(id, 'A', a, { Flag: 'true' }, []), finishOf(id, 'B', b, {}, ['Flag'])],
      now: NOW + 1,
    });
    expect(replies).toEqual([{ ok: true }, { ok: true }]);
    expect(await client.hget(`${base}m:${id}`, 't:Flag')).toBeNull();
    expect(await client.zscore(`${base}ti:Flag`, id)).toBeNull();
    expect(await client.sismember(`${base}tn`, 'Flag')).toBe(0);
    expect(await client.zcard(`${base}wt`)).toBe(0);
    expect(await client.hexists(`${base}sw`, sessionId)).toBe(0);
  });

  it('deleted, then set again in the same batch: the machine stays in the index, at the new time', async () => {
    const { id, a, b } = await claimedTwice({ Mark: '1' });
    const replies = await store.finishMany!({
      finishes: [finishOf(id, 'A', a, {}, ['Mark']), finishOf(id, 'B', b, { Mark: '2' }, [])],
      now: NOW + 2,
    });
    expect(replies).toEqual([{ ok: true }, { ok: true }]);
    expect(await client.hget(`${base}m:${id}`, 't:Mark')).toBe(`${NOW + 2} 2`);
    expect(await client.zscore(`${base}ti:Mark`, id)).toBe(String(NOW + 2));
    expect(await client.sismember(`${base}tn`, 'Mark')).toBe(1);
    expect(await client.zcard(`${base}wt`)).toBe(0);
  });
});
