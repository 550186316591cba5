/**
 * Server-side cost of tagout's Redis scripts, from `INFO commandstats`: for each operation of
 * a claim + finish and a claim + fail cycle (store API, one worker, 10,000 machines all
 * eligible), the µs per script call and the Redis commands each call issues; the floor's
 * scripts beside them. Point it at a Redis of its own so that no other client's commands
 * are counted (it runs `CONFIG RESETSTAT`):
 *
 *   redis-server --port 6390 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes
 *   TAGOUT_REDIS_URL=redis://127.0.0.1:6390 npx tsx bench/diagnostics/redis-profile.ts
 *
 * Flags: `--cycles N` per measurement (default 5000), `--machines N` (default 10000).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ClaimedWork, StoreFilter } from '@tagout/core';
import { createRedisStore, dropRedisNamespace, namespaceBase, Redis } from '@tagout/store-redis';
import { cliArgs } from '../lib/cli-args.js';
import { defineFloor } from '../redis/redis-floor.js';
import { seedMachines } from '../redis/redis-seed.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    cycles: { type: 'string', default: '5000' },
    machines: { type: 'string', default: '10000' },
  },
});
const cycles = Number(values.cycles);
const machines = Number(values.machines);
const url = process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6390';
const client = new Redis(url);
const FILTER: StoreFilter = {
  kind: 'and',
  filters: [
    { kind: 'has', tag: 'Provided' },
    { kind: 'lacks', tag: 'AgentStarted' },
  ],
};

/** Per-command call counts and the script's µs per call since the last reset. */
async function serverCost(): Promise<{ usPerCall: number; calls: number; commands: Map<string, number> }> {
  const text = await client.info('commandstats');
  const commands = new Map<string, number>();
  let usec = 0;
  let calls = 0;
  for (const [, name, count, total] of text.matchAll(/cmdstat_(\S+?):calls=(\d+),usec=(\d+),/g)) {
    if (name === 'evalsha' || name === 'eval') {
      calls += Number(count);
      usec += Number(total);
    } else if (name !== 'info' && name !== 'config|resetstat') commands.set(name!, Number(count));
  }
  const usPerCall = calls === 0 ? 0 : usec / calls;
  return { usPerCall, calls, commands };
}

async function phase(label: string, run: () => Promise<void>): Promise<void> {
  await client.config('RESETSTAT');
  await run();
  const { usPerCall, calls, commands } = await serverCost();
  const total = [...commands.values()].reduce((a, b) => a + b, 0);
  const detail = [...commands]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${(n / calls).toFixed(1)}`)
    .join(', ');
  console.log(
    `${label.padEnd(16)} ${usPerCall.toFixed(1).padStart(6)} µs/call  ${(total / calls).toFixed(1).padStart(5)} cmds/call  (${detail})`,
  );
}

try {
  const prefix = `profile-${randomBytes(4).toString('hex')}`;
  const store = createRedisStore({ client, prefix });
  await seedMachines(client, prefix, machines, { eligibleShare: 1 });
  const sessionId = randomUUID();
  let now = Date.now();
  await store.createSession({
    id: sessionId,
    component: 'profile',
    runtimeInfo: '',
    intervalMs: 2 ** 31 - 1,
    retentionMs: 0,
    now,
  });
  const claim = async (): Promise<ClaimedWork> => {
    const result = await store.claim({
      sessionId,
      process: 'AgentStart',
      blockers: ['AgentStart'],
      target: { filter: FILTER },
      now,
    });
    if (!result.ok) throw new Error(`profile: claim ${result.reason}`);
    return result.work;
  };
  const ref = (work: ClaimedWork) => ({
    sessionId,
    machineId: work.machine.id,
    process: 'AgentStart',
    token: work.token,
    now,
  });
  for (const end of ['finish', 'fail'] as const) {
    const held: ClaimedWork[] = [];
    await phase(`claim (${end})`, async () => {
      for (let i = 0; i < cycles; i++) held.push(await claim());
    });
    await phase(end, async () => {
      for (const work of held) {
        const done =
          end === 'finish'
            ? await store.finish({ ...ref(work), setTags: {}, deleteTags: [] })
            : await store.fail({ ...ref(work), cause: 'profile', intervalMs: 1000, delayMs: 1000 });
        if (!done.ok) throw new Error(`profile: ${end} ${done.reason}`);
      }
    });
    now += 1001;
  }
  const base = namespaceBase(`${prefix}-floor`);
  const floor = defineFloor(client, base);
  const ids = Array.from({ length: cycles }, () => randomUUID());
  await phase('floor claim', async () => {
    for (const [i, id] of ids.entries()) await floor.claim(id, i);
  });
  await phase('floor finish', async () => {
    for (const [i, id] of ids.entries()) await floor.finish(id, i);
  });
  await phase('floor fail', async () => {
    for (const [i, id] of ids.entries()) await floor.fail(id, i);
  });
  const memory = await client.memory(
    'USAGE',
    `${namespaceBase(prefix)}m:${(await store.listMachines({ limit: 1 }))[0]!.id}`,
  );
  console.log(
    `\nmemory: m:<id> ${memory} B; used_memory ${/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]} B`,
  );
  await dropRedisNamespace(client, prefix);
  await dropRedisNamespace(client, `${prefix}-floor`);
} finally {
  client.disconnect();
}
