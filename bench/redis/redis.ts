/**
 * `pnpm bench:redis`: tagout on Redis.
 * 1. Cycles per second of claim-by-filter + finish and claim-by-filter + fail, 1 and 8
 *    concurrent workers on one client, beside the floor (the same writes by minimal Lua
 *    scripts, same client, same run); prints the ratios (target ≥ 0.4 at 8 workers).
 * 2. Claim latency p50/p99 with 10,000 and 1,000,000 machines of which 1% are eligible
 *    (target: p99 at 1M ≤ 2 × p99 at 10k).
 *
 * Flags: `--duration-ms N` per cycle measurement (default 3000), `--samples N` claims per
 * latency measurement (default 2000), `--large N` (default 1000000). Uses
 * `TAGOUT_REDIS_URL` (default redis://127.0.0.1:6379); its keys are removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { openEngine } from '@tagout/core';
import { createRedisStore, dropRedisNamespace, Redis } from '@tagout/store-redis';
import { cliArgs } from '../lib/cli-args.js';
import { percentile } from '../lib/percentile.js';
import { formatRatioTable, type RatioRow } from '../lib/table.js';
import { engineCycles, floorCycles, WHERE } from './redis-cycles.js';
import { seedMachines } from './redis-seed.js';

const TARGET = 0.4;

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    'duration-ms': { type: 'string', default: '3000' },
    samples: { type: 'string', default: '2000' },
    large: { type: 'string', default: '1000000' },
  },
});
const durationMs = Number(values['duration-ms']);
const samples = Number(values.samples);
const large = Number(values.large);
const url = process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url);
const prefixes: string[] = [];

function freshPrefix(label: string): string {
  const prefix = `bench-${label}-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  return prefix;
}

try {
  const info = await client.info('server');
  const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  const cpu = cpus();
  console.log(
    `tagout Redis bench: Node ${process.version}, Redis ${version} at ${url}, ${cpu.length} × ${cpu[0]?.model.trim()}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB; ${durationMs} ms per measurement\n`,
  );
  const rows: RatioRow[] = [];
  for (const end of ['finish', 'fail'] as const) {
    for (const workers of [1, 8]) {
      const floor = await floorCycles(end, { client, prefix: freshPrefix('floor'), workers, durationMs });
      const engine = await engineCycles(end, { client, prefix: freshPrefix('cycles'), workers, durationMs });
      for (const [name, m] of [
        ['floor', floor],
        ['tagout', engine],
      ] as const) {
        console.log(
          `  claim + ${end.padEnd(6)} ${String(workers).padStart(2)} workers ${name.padEnd(6)} ` +
            `${Math.round(m.perSecond).toString().padStart(6)} cycles/s  p50 ${Math.round(m.p50Us)} µs  p99 ${Math.round(m.p99Us)} µs`,
        );
      }
      rows.push({
        label: `claim + ${end}`,
        mode: `${workers} worker${workers > 1 ? 's' : ''}`,
        subject: engine.perSecond,
        floor: floor.perSecond,
      });
    }
  }
  console.log(`\ntagout (engine API) vs floor (target ≥ ${TARGET} at 8 workers):\n`);
  console.log(formatRatioTable(rows, { subject: 'tagout', floor: 'floor' }, TARGET));

  console.log('\nClaim-by-filter latency, 1% of machines eligible:\n');
  const small = await claimLatency(10_000);
  const big = await claimLatency(large);
  console.log('| machines | p50 µs | p99 µs |\n|---:|---:|---:|');
  for (const [n, m] of [
    [10_000, small],
    [large, big],
  ] as const) {
    console.log(`| ${n.toLocaleString('en-US')} | ${Math.round(m.p50Us)} | ${Math.round(m.p99Us)} |`);
  }
  console.log(
    `\np99 at ${large.toLocaleString('en-US')} / p99 at 10,000 = ${(big.p99Us / small.p99Us).toFixed(2)} (target ≤ 2)`,
  );
} finally {
  for (const prefix of prefixes) await dropRedisNamespace(client, prefix);
  client.disconnect();
}

async function claimLatency(machines: number): Promise<{ p50Us: number; p99Us: number }> {
  const prefix = freshPrefix(`latency-${machines}`);
  const store = createRedisStore({ client, prefix });
  const started = performance.now();
  await seedMachines(client, prefix, machines, {
    eligibleShare: 0.01,
    onProgress: (done) => {
      if (done % 100_000 === 0) process.stdout.write(`  seeded ${done.toLocaleString('en-US')}\r`);
    },
  });
  const memory = /used_memory_human:(\S+)/.exec(await client.info('memory'))?.[1];
  console.log(
    `  seeded ${machines.toLocaleString('en-US')} machines in ${((performance.now() - started) / 1000).toFixed(1)} s (Redis used_memory ${memory})`,
  );
  const engine = await openEngine({ store, processes: ['AgentStart'] });
  const session = await engine.startSession({ component: 'bench', heartbeat: false, intervalMs: 600_000 });
  const latencies: number[] = [];
  for (let i = 0; i < samples + 200; i++) {
    const before = performance.now();
    const work = await session.work('AgentStart', { where: WHERE });
    const took = performance.now() - before;
    if (work === null) throw new Error('bench: nothing eligible');
    await work.cancel();
    if (i >= 200) latencies.push(took);
  }
  await engine.close();
  await dropRedisNamespace(client, prefix);
  latencies.sort((a, b) => a - b);
  return { p50Us: percentile(latencies, 50) * 1000, p99Us: percentile(latencies, 99) * 1000 };
}
