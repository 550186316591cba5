/**
 * Runs tagout's Redis cycles through the engine API in this process, for profiling the
 * Node side: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/diagnostics/redis-node-profile.ts
 * --end finish --workers 8`, then `tsx bench/diagnostics/cpu-profile-summary.ts /tmp/prof/<file>.cpuprofile`.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from '@tagout/store-redis';
import { cliArgs } from '../lib/cli-args.js';
import { type CycleEnd, engineCycles, floorCycles } from '../redis/redis-cycles.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    end: { type: 'string', default: 'finish' },
    subject: { type: 'string', default: 'tagout' },
    workers: { type: 'string', default: '8' },
    'duration-ms': { type: 'string', default: '5000' },
  },
});
const client = new Redis(process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6379');
/** Redis' own CPU seconds (user + system) so far. */
async function redisCpu(): Promise<number> {
  const info = await client.info('cpu');
  const user = /used_cpu_user:([\d.]+)/.exec(info)?.[1];
  const sys = /used_cpu_sys:([\d.]+)/.exec(info)?.[1];
  return Number(user) + Number(sys);
}

try {
  let node = { user: 0, system: 0 };
  let redisUs = 0;
  const result = await (values.subject === 'floor' ? floorCycles : engineCycles)(values.end as CycleEnd, {
    client,
    prefix: `bench-profile-${randomBytes(4).toString('hex')}`,
    workers: Number(values.workers),
    durationMs: Number(values['duration-ms']),
    around: async (loops) => {
      const nodeBefore = process.cpuUsage();
      const redisBefore = await redisCpu();
      await client.config('RESETSTAT');
      const measured = await loops();
      if (process.env.SHOW_STATS) console.log(await client.info('commandstats'));
      node = process.cpuUsage(nodeBefore);
      redisUs = ((await redisCpu()) - redisBefore) * 1e6;
      return measured;
    },
  });
  // CPU per timed cycle; the warm-up's cycles are counted in the CPU too (an upper bound).
  const perCycle = (us: number) => Math.round(us / result.ops);
  console.log(
    `${values.subject} claim + ${values.end}, ${values.workers} workers: ${Math.round(result.perSecond)} cycles/s; ` +
      `CPU per cycle: Node ${perCycle(node.user + node.system)} µs, Redis ${perCycle(redisUs)} µs`,
  );
} finally {
  client.disconnect();
}
