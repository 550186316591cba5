import { randomUUID } from 'node:crypto';
import { storeEvents } from '@tagout/conformance';
import { type HistoryEvent, historyIdOfSequence } from '@tagout/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore, namespaceBase } from '../src/index.js';
import { runScript } from '../src/scripts.js';
import { dropRedisNamespace, randomPrefix, redisAvailable, testClient } from './helpers/redis-env.js';

const available = await redisAvailable();

const NOW = 1_700_000_000_000;
const MACHINES = [randomUUID(), randomUUID(), randomUUID()];
const LEGACY = 2500;

/**
 * The i-th event a namespace of the previous release holds (its lists 'h' and 'hm:<id>'), with the
 * id the upgrade gives it (sequence i + 1 in a fresh namespace).
 */
function legacyEvent(i: number): HistoryEvent {
  const event: HistoryEvent = {
    id: historyIdOfSequence(i + 1),
    machineId: MACHINES[i % 3]!,
    process: i % 5 === 0 ? 'Recovery' : 'AgentStart',
    event: i % 2 === 0 ? 'Started' : 'Failed',
    at: NOW + i,
    sessionId: 'legacy-session',
    token: i + 1,
  };
  if (event.event === 'Failed') event.cause = `no power | rack ${i}`;
  return event;
}

/** The line the previous release stored for an event. */
function legacyLine(e: HistoryEvent): string {
  const line = `${e.at} ${e.event} ${e.machineId} ${e.process} ${e.sessionId} ${e.token}`;
  return e.cause === undefined ? line : `${line} ${e.cause}`;
}

describe.skipIf(!available)('history written by the previous release (lists h and hm:<id>)', () => {
  const client = testClient();
  const prefix = randomPrefix('upgrade');
  const base = namespaceBase(prefix);
  const legacy = Array.from({ length: LEGACY }, (_, i) => legacyEvent(i));
  afterEach(() => dropRedisNamespace(client, prefix));

  /** Writes the legacy events as the previous release's history_append did. */
  async function writeLegacy(events: readonly HistoryEvent[]): Promise<void> {
    const pipeline = client.pipeline();
    for (const event of events) {
      pipeline.rpush(`${base}h`, legacyLine(event));
      pipeline.rpush(`${base}hm:${event.machineId}`, legacyLine(event));
    }
    await pipeline.exec();
  }

  it('is moved into the indexed history when a store opens, in order, and nothing is lost', async () => {
    await writeLegacy(legacy);
    const store = createRedisStore({ client, prefix });
    await store.open();

    expect(await storeEvents(store, {})).toEqual(legacy);
    const machine = MACHINES[0]!;
    expect(await storeEvents(store, { machineId: machine })).toEqual(
      legacy.filter((e) => e.machineId === machine),
    );
    expect(await storeEvents(store, { process: 'Recovery', limit: 7 })).toEqual(
      legacy.filter((e) => e.process === 'Recovery').slice(-7),
    );
    expect(await storeEvents(store, { machineId: machine, process: 'Recovery' })).toEqual(
      legacy.filter((e) => e.machineId === machine && e.process === 'Recovery'),
    );
    const left = await client.exists(`${base}h`, `${base}hup`, ...MACHINES.map((id) => `${base}hm:${id}`));
    expect(left).toBe(0);
    await store.open();
    expect(await storeEvents(store, {})).toEqual(legacy);
  });

  it('interrupted: events appended meanwhile come after the legacy ones, and an old engine’s late lines after those', async () => {
    await writeLegacy(legacy);
    expect(await runScript(client, 'history-upgrade', base, ['', '1000'])).toBe(LEGACY - 1000);
    const store = createRedisStore({ client, prefix });
    const machineId = MACHINES[1]!;
    await client.zadd(`${base}ms`, NOW, machineId);
    await client.hset(`${base}m:${machineId}`, 'c', String(NOW));
    const session = { id: randomUUID() };
    await store.createSession({
      ...session,
      component: 'new',
      runtimeInfo: '',
      intervalMs: 60_000,
      retentionMs: 60_000,
      now: NOW,
    });
    const claimed = await store.claim({
      sessionId: session.id,
      process: 'Install',
      blockers: ['Install'],
      target: { machineId },
      now: NOW,
    });
    expect(claimed.ok).toBe(true);
    // Sequence LEGACY + 1 went to the Started just appended; the late line is numbered after it.
    const late: HistoryEvent = { ...legacyEvent(LEGACY + 1), sessionId: 'old-engine', token: LEGACY + 1 };
    await writeLegacy([late]);

    await store.open();

    const all = await storeEvents(store, {});
    expect(all.slice(0, LEGACY)).toEqual(legacy);
    expect(all.slice(LEGACY).map((e) => [e.sessionId, e.event])).toEqual([
      [session.id, 'Started'],
      ['old-engine', late.event],
    ]);
    expect(await storeEvents(store, { machineId: late.machineId, limit: 1 })).toEqual([late]);
  });
});
