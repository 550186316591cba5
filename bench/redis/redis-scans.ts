/**
 * `pnpm bench:redis:scans`: how long the reads that used to scan a whole Redis namespace
 * block the server, over 20,000 machines and a history of 100,000+ events:
 * - `machines({ limit: 1 })`, unfiltered and with `where: { has: 'Provided' }` (every machine);
 * - an idle claim by filter (`has Provided and lacks AgentStarted`: no machine eligible);
 * - `history({ process, limit: 100 })` for a common process and for a rare one (its 100
 *   events are the oldest of the history).
 *
 * Also prints Redis memory per history event (`used_memory` before and after the events).
 * Each figure is the time of one call through the store (one or more script calls, Redis runs
 * nothing else meanwhile), median and max of `--samples` calls. Flags: `--machines` (20000),
 * `--events` (100000), `--samples` (20). Uses `TAGOUT_REDIS_URL` (default
 * redis://127.0.0.1:6379; point it at a Redis of its own); its keys are removed afterwards.
 * Only the store API common to every release is used, so the same file measures main.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Store } from '@tagout/core';
import { createRedisStore, dropRedisNamespace, Redis } from '@tagout/store-redis';
import { cliArgs } from '../lib/cli-args.js';
import { seedMachines } from './redis-seed.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    machines: { type: 'string', default: '20000' },
    events: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '20' },
  },
});
const machineCount = Number(values.machines);
const eventCount = Number(values.events);
const samples = Number(values.samples);
const RARE_CYCLES = 50;
const IN_FLIGHT = 64;

const client = new Redis(process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `bench-scans-${randomBytes(4).toString('hex')}`;

/** Claims the pair by id and finishes it: two history events. */
async function cycle(store: Store, sessionId: string, machineId: string, process: string): Promise<void> {
  const claimed = await store.claim({ sessionId, process, blockers: [process], target: { machineId } });
  if (!claimed.ok) throw new Error(`claim of ${machineId} refused: ${claimed.reason}`);
  const ref = { sessionId, machineId, process, token: claimed.work.token };
  const finished = await store.finish({ ...ref, setTags: {}, deleteTags: [] });
  if (!finished.ok) throw new Error(`finish refused: ${finished.reason}`);
}

/** Redis `used_memory` in bytes. */
async function usedMemory(): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
}

/** Median and max ms of `samples` sequential calls of `call`. */
async function time(call: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await call();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, max: ms.at(-1)! };
}

try {
  const store = createRedisStore({ client, prefix });
  await store.open();
  const started = performance.now();
  const ids = await seedMachines(client, prefix, machineCount, { eligibleShare: 0 });
  const beforeHistory = await usedMemory();
  const session = { id: randomUUID(), component: 'bench', runtimeInfo: '', intervalMs: 3_600_000 };
  await store.createSession({ ...session, retentionMs: 3_600_000 });
  for (let i = 0; i < RARE_CYCLES; i++) await cycle(store, session.id, ids[i]!, 'Recovery');
  // Each lane cycles over its own machines, so no two claims in flight meet on a pair.
  const perLane = Math.ceil(eventCount / 2 / IN_FLIGHT);
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, lane) => {
      const own = ids.filter((_, i) => i % IN_FLIGHT === lane);
      for (let i = 0; i < perLane; i++) await cycle(store, session.id, own[i % own.length]!, 'AgentStart');
    }),
  );
  const events = 2 * (RARE_CYCLES + perLane * IN_FLIGHT);
  const perEvent = ((await usedMemory()) - beforeHistory) / events;
  console.log(
    `tagout Redis scans bench: ${machineCount} machines, ${events} history events ` +
      `(seeded in ${((performance.now() - started) / 1000).toFixed(1)} s, history ${Math.round(perEvent)} B ` +
      `of Redis memory per event); ${samples} calls each, ms\n`,
  );
  const filter = {
    kind: 'and' as const,
    filters: [
      { kind: 'has' as const, tag: 'Provided' },
      { kind: 'lacks' as const, tag: 'AgentStarted' },
    ],
  };
  const rows: [string, () => Promise<unknown>][] = [
    ['machines({ limit: 1 })', () => store.listMachines({ limit: 1 })],
    [
      "machines({ where: { has: 'Provided' }, limit: 1 })",
      () => store.listMachines({ filter: { kind: 'has', tag: 'Provided' }, limit: 1 }),
    ],
    [
      'idle claim by filter (nothing eligible)',
      async () => {
        const claimed = await store.claim({
          sessionId: session.id,
          process: 'AgentStart',
          blockers: ['AgentStart'],
          target: { filter },
        });
        if (claimed.ok) throw new Error('the idle claim took a machine');
      },
    ],
    [
      "history({ process: 'AgentStart', limit: 100 })",
      () => store.history({ process: 'AgentStart', limit: 100 }),
    ],
    [
      "history({ process: 'Recovery', limit: 100 }) (rare)",
      () => store.history({ process: 'Recovery', limit: 100 }),
    ],
  ];
  console.log('| call | median ms | max ms |\n|---|---:|---:|');
  for (const [name, call] of rows) {
    const { median, max } = await time(call);
    console.log(`| ${name} | ${median.toFixed(2)} | ${max.toFixed(2)} |`);
  }
  await store.close();
} finally {
  await dropRedisNamespace(client, prefix);
  client.disconnect();
}
