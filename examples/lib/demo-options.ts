import { parseArgs } from 'node:util';

/** Settings of the fleet demo. */
export interface DemoOptions {
  machines: number;
  workers: number;
  /** OS processes the workers are spread over (1: all in this process). */
  processes: number;
  failureRate: number;
  /** Port of the web UI kept up beside the demo (`--web`), or undefined for none. */
  webPort: number | undefined;
}

/** The `--help` text. */
export const DEMO_USAGE = `Usage: pnpm demo [-- options]

Simulates a fleet on an embedded SQLite file in a fresh temp dir: provided machines,
worker sessions running AgentStart work that fails at random and backs off
exponentially (1 s, 2 s, 4 s, 4 s, ...), then checks the invariants from the history.

Options:
  --machines N       machines to provide (default 1000)
  --workers N        worker sessions (default 8)
  --processes N      OS processes the workers are spread over, one SQLite connection
                     each, all on the same file (default 2; 1 = all in this process)
  --failure-rate F   probability that an attempt fails, 0 to 1 (default 0.2)
  --web              serve the web debug UI on 127.0.0.1 while the fleet drains, and
                     keep it up after the summary until Ctrl-C
  --web-port N       its port (default 8080; 0 picks a free one)
  -h, --help         show this help`;

/** Parses the demo's command line; `null` means help was asked for. @throws Error on a bad flag or value. */
export function parseDemoOptions(args: readonly string[]): DemoOptions | null {
  const { values } = parseArgs({
    // `pnpm demo -- --machines 10` may hand the `--` through.
    args: args[0] === '--' ? args.slice(1) : [...args],
    options: {
      machines: { type: 'string', default: '1000' },
      workers: { type: 'string', default: '8' },
      processes: { type: 'string', default: '2' },
      'failure-rate': { type: 'string', default: '0.2' },
      web: { type: 'boolean', default: false },
      'web-port': { type: 'string', default: '8080' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const workers = integer('--workers', values.workers, 1, 256);
  const options: DemoOptions = {
    machines: integer('--machines', values.machines, 1, 1_000_000),
    workers,
    processes: Math.min(integer('--processes', values.processes, 1, 64), workers),
    failureRate: Number(values['failure-rate']),
    webPort: values.web ? integer('--web-port', values['web-port'], 0, 65_535) : undefined,
  };
  if (!(options.failureRate >= 0 && options.failureRate < 1)) {
    throw new Error('--failure-rate must be a number in [0, 1)');
  }
  return options;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}
