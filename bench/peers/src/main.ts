/**
 * `pnpm bench:peers`: tagout's runner (on Postgres, Redis and SQLite) against graphile-worker,
 * pg-boss and BullMQ, and beside the floors of its contracted writes on Postgres and Redis (drain
 * only), on the same servers in one run; every worker in a child process of its own. Prints one
 * Markdown block (tables with ratios, the issue's targets, the settings); with
 * `--write`, also puts it into docs/performance.md. `--help` lists the flags.
 *
 * Workloads: drain (seeded items, concurrency 1 and 8, no-op handler), end-to-end latency
 * (items made eligible one at a time at a fixed rate), idle cost (requests and CPU of an idle
 * worker). Env: TAGOUT_PG_URL, TAGOUT_REDIS_URL, TAGOUT_COMMIT_BATCH_MS (the tagout runner's
 * `commitBatchMs`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunServers } from './context.js';
import { describeMachine } from './machine.js';
import { parsePlan } from './plan.js';
import { renderRun } from './render-run.js';
import { type Outcome, outcome, type SystemResults } from './results.js';
import { loadSystem } from './systems.js';
import { measureDrain } from './workloads/drain.js';
import { measureIdle } from './workloads/idle.js';
import { type LatencyResult, measureLatency } from './workloads/latency.js';
import { PERFORMANCE_DOC, writeMarkedSection } from './write-docs.js';

const plan = parsePlan();
const started = performance.now();
const startedAt = new Date();
const dir = await mkdtemp(join(tmpdir(), 'tagout-bench-peers-'));
const servers: RunServers = {
  postgresUrl: process.env.TAGOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: process.env.TAGOUT_REDIS_URL ?? 'redis://127.0.0.1:6379',
  dir,
};

function describeLatency(latency: Outcome<LatencyResult>): string {
  if (!latency.ok) return latency.error;
  return `p50 ${latency.value.p50Ms.toFixed(2)} ms, p99 ${latency.value.p99Ms.toFixed(2)} ms`;
}

function log(line: string): void {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
}

try {
  const machine = await describeMachine(servers.postgresUrl, servers.redisUrl);
  const results: SystemResults[] = [];
  for (const id of plan.systems) {
    results.push({
      system: await loadSystem(id),
      drain: new Map(),
      latency: undefined,
      latencyInProcess: undefined,
      idle: undefined,
    });
  }
  for (const result of results) {
    for (const concurrency of plan.drain.concurrencies) {
      const drain = await outcome(() => measureDrain(result.system, servers, { ...plan.drain, concurrency }));
      result.drain.set(concurrency, drain);
      log(
        `${result.system.label} drain ×${concurrency}: ${drain.ok ? `${Math.round(drain.value.perSecond)} items/s` : drain.error}`,
      );
    }
  }
  const waking = results.filter((result) => result.system.drainOnly !== true);
  for (const result of waking) {
    result.latency = await outcome(() => measureLatency(result.system, servers, plan.latency));
    log(`${result.system.label} e2e: ${describeLatency(result.latency)}`);
    if (result.system.embedded) {
      const options = { ...plan.latency, inProcess: true };
      result.latencyInProcess = await outcome(() => measureLatency(result.system, servers, options));
      log(`${result.system.label} e2e, one process: ${describeLatency(result.latencyInProcess)}`);
    }
  }
  // Idle workers wait side by side: each in its own process, so CPU stays attributable.
  await Promise.all(
    waking.map(async (result) => {
      result.idle = await outcome(() => measureIdle(result.system, servers, plan.idle));
    }),
  );
  log('idle: done');
  const block = renderRun({
    plan,
    machine,
    loadAtEnd: loadavg(),
    startedAt,
    minutes: (performance.now() - started) / 60_000,
    results,
  });
  console.log(`\n${block}\n`);
  if (plan.write) {
    await writeMarkedSection(PERFORMANCE_DOC, block);
    console.log(`written to ${PERFORMANCE_DOC.pathname}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
