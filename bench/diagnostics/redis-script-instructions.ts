/**
 * What a batched claim and a batched finish cost the Redis server per machine, in instructions:
 * `tsx bench/diagnostics/redis-script-instructions.ts [machines] [batch]` (default 2,000 and 264).
 *
 * Starts a private `redis-server` under valgrind's callgrind, counting only inside script calls
 * (`--toggle-collect=evalGenericCommand`), seeds the machines, then runs `claimMany` of `batch`
 * until every machine is claimed and `finishMany` of `batch` (each setting the tag `Done`) until
 * every work is finished, zeroing and dumping the counters around each phase. Instruction counts
 * do not move with the machine's load the way times do (two runs agree to about 1 %), so they
 * compare two versions of the scripts on a shared box; they do not weigh cache misses. The
 * counters (history sequence, fencing tokens) start at 123,456,789,012, numbers of a store that
 * has run for a while. Needs `valgrind` and `callgrind_control` on the PATH.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { finishWrites } from '@tagout/conformance';
import { type ClaimedWork, LIMITS, type Store, type StoreFilter } from '@tagout/core';
import { createRedisStore, namespaceBase, Redis, seedRedisMachines } from '@tagout/store-redis';

const machines = Number(process.argv[2] ?? 2000);
const batch = Number(process.argv[3] ?? 264);
const PREFIX = 'instructions';
const PROCESS = 'Bench';
const COUNTERS_START = '123456789012';
const run = promisify(execFile);

/** A free loopback port. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The instructions counted since the last zeroing: dumps them and reads the newest dump's total. */
async function dumpedInstructions(pid: number, dir: string): Promise<number> {
  const before = new Set(await readdir(dir));
  await run('callgrind_control', ['-d', String(pid)]);
  for (;;) {
    const fresh = (await readdir(dir)).filter((name) => name.startsWith('cg.out.') && !before.has(name));
    if (fresh.length > 0) {
      await sleep(200); // let valgrind finish writing it
      const text = await readFile(join(dir, fresh.sort().at(-1)!), 'utf8');
      const total = /^(?:summary|totals): (\d+)/m.exec(text);
      if (total) return Number(total[1]);
    }
    await sleep(50);
  }
}

/** Runs `phase` between a zeroing and a dump of the counters: its instructions per machine. */
async function perMachine(pid: number, dir: string, phase: () => Promise<void>): Promise<number> {
  await run('callgrind_control', ['-z', String(pid)]);
  await phase();
  return (await dumpedInstructions(pid, dir)) / machines;
}

const dir = await mkdtemp(join(tmpdir(), 'tagout-redis-instructions-'));
const port = await freePort();
const server = spawn(
  'valgrind',
  [
    '--tool=callgrind',
    `--callgrind-out-file=${join(dir, 'cg.out')}`,
    '--collect-atstart=no',
    '--toggle-collect=evalGenericCommand',
    'redis-server',
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ],
  { stdio: 'ignore' },
);
const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 100 });
// Refused connections while valgrind starts the server are expected: the loop below retries.
client.on('error', () => undefined);
try {
  for (;;) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch {
      client.disconnect();
      await sleep(200);
    }
  }
  const store: Store = createRedisStore({ client, prefix: PREFIX });
  await store.open();
  const ids = Array.from({ length: machines }, () => randomUUID());
  for (let i = 0; i < ids.length; i += LIMITS.bulkWrite) {
    const slice = ids.slice(i, i + LIMITS.bulkWrite).map((id) => ({ id, tags: {} }));
    await seedRedisMachines(client, slice, { prefix: PREFIX, now: Date.now() });
  }
  const base = namespaceBase(PREFIX);
  await client.set(`${base}hseq`, COUNTERS_START);
  await client.set(`${base}tok`, COUNTERS_START);
  const sessionId = randomUUID();
  await store.createSession({
    id: sessionId,
    component: 'bench',
    runtimeInfo: '',
    intervalMs: 3_600_000,
    retentionMs: 3_600_000,
    now: Date.now(),
  });
  const claim = (limit: number, filter: StoreFilter) =>
    store.claimMany!({
      sessionId,
      process: PROCESS,
      blockers: [PROCESS],
      filter,
      limit,
      now: Date.now(),
    });
  const finish = (works: readonly ClaimedWork[]) =>
    store.finishMany!({
      finishes: finishWrites(works, sessionId, PROCESS, { Done: 'true' }),
      now: Date.now(),
    });
  // Loads both scripts (a first call compiles them) without writing anything.
  await claim(1, { kind: 'has', tag: 'Nope' });
  await store.finishMany!({
    finishes: [
      { sessionId, machineId: randomUUID(), process: PROCESS, token: 1, setTags: {}, deleteTags: [] },
    ],
    now: Date.now(),
  });

  const works: ClaimedWork[] = [];
  const claims = await perMachine(server.pid!, dir, async () => {
    while (works.length < machines) {
      const claimed = await claim(Math.min(batch, machines - works.length), { kind: 'lacks', tag: 'Done' });
      if (!claimed.ok || claimed.works.length === 0) throw new Error('a claim took nothing');
      works.push(...claimed.works);
    }
  });
  const finishes = await perMachine(server.pid!, dir, async () => {
    for (let i = 0; i < works.length; i += batch) {
      const outcomes = await finish(works.slice(i, i + batch));
      if (outcomes.some((outcome) => !outcome.ok)) throw new Error('a finish was refused');
    }
  });
  const { stdout: version } = await run('redis-server', ['--version']);
  console.log(
    `${machines} machines, batches of ${batch}, ${version.trim().split(' ').slice(0, 3).join(' ')}: ` +
      `claimMany ${Math.round(claims).toLocaleString('en-US')} + finishMany ` +
      `${Math.round(finishes).toLocaleString('en-US')} = ${Math.round(claims + finishes).toLocaleString('en-US')} ` +
      'instructions per machine in the scripts',
  );
} finally {
  await client.shutdown('NOSAVE').catch(() => undefined);
  client.disconnect();
  await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(null)));
  await rm(dir, { recursive: true, force: true });
}
