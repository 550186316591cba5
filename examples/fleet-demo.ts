/**
 * The fleet demo (`pnpm demo`): provides machines on an embedded SQLite file in a fresh
 * temp dir, runs AgentStart worker sessions that fail at random and back off
 * exponentially, shows live progress, and ends with a summary and invariant checks read
 * from the history. `pnpm demo -- --help` lists the flags.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Engine, openEngine } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';
import { serveWeb } from '@tagout/web';
import { AGENT_START, providedTags } from './lib/agent-start.js';
import { DEMO_USAGE, type DemoOptions, parseDemoOptions } from './lib/demo-options.js';
import { runFleetWorkers } from './lib/fleet-workers.js';
import { startProgress } from './lib/progress-line.js';
import { countActiveBackoffs, printSummary } from './lib/summary.js';
import { Tally } from './lib/tally.js';
import { spawnWorkerProcesses } from './lib/worker-processes.js';

let options: DemoOptions | null;
try {
  options = parseDemoOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
if (options === null) {
  console.log(DEMO_USAGE);
  process.exit(0);
}

const dir = await mkdtemp(join(tmpdir(), 'tagout-demo-'));
const path = join(dir, 'fleet.db');
const stop = new AbortController();
let drained = false;
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  console.log(
    drained ? '\nstopping the web UI' : '\ninterrupted: stopping workers (Ctrl-C again to quit at once)',
  );
  stop.abort();
});

const engine = await openEngine({ store: createSqliteStore({ path }), processes: [AGENT_START] });
const web = options.webPort === undefined ? undefined : await serveWeb({ engine, port: options.webPort });
try {
  console.log(`SQLite file: ${path}`);
  if (web) console.log(`web UI: ${web.url}`);
  const machineIds = await provide(engine, options.machines);
  const tally = new Tally();
  const began = performance.now();
  const progress = startProgress({
    counts: () => tally,
    inBackoff: () => countActiveBackoffs(engine),
    total: options.machines,
    stream: process.stdout,
  });
  try {
    await runWorkers(engine, options, path, tally, stop.signal);
  } finally {
    await progress.stop();
  }
  await printSummary({
    engine,
    options,
    tally,
    machineIds,
    seconds: (performance.now() - began) / 1000,
    interrupted: stop.signal.aborted,
  });
  drained = true;
  if (web && !stop.signal.aborted) {
    console.log(`the web UI stays up at ${web.url}: Ctrl-C to quit`);
    await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
  }
} finally {
  await web?.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}

async function provide(engine: Engine, count: number): Promise<string[]> {
  const began = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await engine.createMachine({ tags: providedTags(i) })).id);
  console.log(`provided ${count} machines in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return ids;
}

async function runWorkers(
  engine: Engine,
  options: DemoOptions,
  path: string,
  tally: Tally,
  signal: AbortSignal,
): Promise<void> {
  const where = options.processes === 1 ? 'this process' : `${options.processes} processes`;
  console.log(`${options.workers} worker sessions in ${where}, failure rate ${options.failureRate}`);
  if (options.processes === 1) {
    await runFleetWorkers({
      engine,
      sessions: options.workers,
      failureRate: options.failureRate,
      signal,
      onEvent: (event) => tally.add(event),
      label: `pid ${process.pid}`,
    });
    return;
  }
  const configs = Array.from({ length: options.processes }, (_, i) => ({
    path,
    sessions: share(options.workers, options.processes, i),
    failureRate: options.failureRate,
  }));
  const children = spawnWorkerProcesses(configs, (counts) => tally.merge(counts));
  signal.addEventListener('abort', () => children.stop(), { once: true });
  await children.done;
}

/** The `index`-th of `parts` near-equal shares of `total`. */
function share(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}
