import { parseArgs } from 'node:util';
import { cliArgs } from '../../lib/cli-args.js';
import { DEFAULT_SYSTEM_IDS, SYSTEM_IDS } from './systems.js';
import type { DrainOptions } from './workloads/drain.js';
import type { IdleOptions } from './workloads/idle.js';
import type { LatencyOptions } from './workloads/latency.js';

/** What one run of `pnpm bench:peers` measures, from its flags. */
export interface RunPlan {
  quick: boolean;
  /** Write the result into docs/performance.md. */
  write: boolean;
  /** Ids of the systems to run, in table order. */
  systems: string[];
  drain: Omit<DrainOptions, 'concurrency'> & { concurrencies: number[] };
  latency: LatencyOptions;
  idle: IdleOptions;
  /** The command line, for the record. */
  command: string;
}

const USAGE = `pnpm bench:peers [--quick] [--write] [--systems a,b] [--items N] [--rate N] [--seconds N] [--idle-seconds N]
  --quick          smoke run (under a minute): 500 items, 1 s of latency, 5 s idle; figures mean nothing
  --write          write the table into docs/performance.md (between the bench:peers markers); not with --quick
  --systems        any of ${SYSTEM_IDS.join(',')}
                   (default: ${DEFAULT_SYSTEM_IDS.join(',')})
  --items          drain size (default 20000)
  --rate/--seconds latency: items per second, for how long (default 50/s for 10 s)
  --idle-seconds   idle window (default 30)`;

/**
 * Parses the command line into a plan.
 * @throws Error with the usage for an unknown flag or system, or --write with --quick.
 */
export function parsePlan(args: string[] = cliArgs()): RunPlan {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      systems: { type: 'string' },
      items: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      'idle-seconds': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick;
  if (quick && values.write) throw new Error(`--write records a full run, not --quick\n${USAGE}`);
  const systems = values.systems?.split(',') ?? [...DEFAULT_SYSTEM_IDS];
  const unknown = systems.filter((id) => !SYSTEM_IDS.includes(id));
  if (unknown.length > 0) throw new Error(`unknown system ${unknown.join(', ')}\n${USAGE}`);
  const number = (value: string | undefined, fallback: number) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${value}\n${USAGE}`);
    return n;
  };
  const items = number(values.items, quick ? 500 : 20_000);
  return {
    quick,
    write: values.write,
    systems: SYSTEM_IDS.filter((id) => systems.includes(id)),
    drain: {
      items,
      // 1,000 of the full run's 20,000.
      warmup: Math.round(items / 20),
      concurrencies: [1, 8],
      deadlineMs: quick ? 30_000 : 240_000,
    },
    latency: {
      rate: number(values.rate, 50),
      seconds: number(values.seconds, quick ? 1 : 10),
      settleMs: quick ? 500 : 2000,
      // pg-boss polls every 2 s: the last item may wait that long.
      graceMs: quick ? 5000 : 10_000,
    },
    idle: {
      warmupMs: quick ? 1000 : 5000,
      windowMs: number(values['idle-seconds'], quick ? 5 : 30) * 1000,
    },
    command: ['pnpm bench:peers', ...args.filter((arg) => arg !== '--write')].join(' '),
  };
}
