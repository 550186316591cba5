/**
 * A worker process of the fleet demo (spawned by fleet-demo.ts, not run by hand): opens
 * its own connection to the demo's SQLite file, runs its sessions until no machine needs
 * an agent, and reports counts to the parent over IPC.
 */
import { openEngine } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';
import { AGENT_START } from './lib/agent-start.js';
import { runFleetWorkers } from './lib/fleet-workers.js';
import { Tally } from './lib/tally.js';
import type { WorkerChildConfig, WorkerChildMessage } from './lib/worker-processes.js';

const REPORT_EVERY_MS = 100;

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerChildConfig;
const stop = new AbortController();
process.on('SIGINT', () => stop.abort());
process.on('message', (message) => {
  if (message === 'stop') stop.abort();
});

const tally = new Tally();
const send = (message: WorkerChildMessage) => {
  if (process.connected) process.send?.(message);
};
const reporter = setInterval(() => send({ kind: 'tally', counts: tally.take() }), REPORT_EVERY_MS);
const engine = await openEngine({
  store: createSqliteStore({ path: config.path }),
  processes: [AGENT_START],
});
try {
  await runFleetWorkers({
    engine,
    sessions: config.sessions,
    failureRate: config.failureRate,
    signal: stop.signal,
    onEvent: (event) => tally.add(event),
    label: `pid ${process.pid}`,
  });
} catch (error) {
  send({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
} finally {
  clearInterval(reporter);
  send({ kind: 'tally', counts: tally.take() });
  await engine.close();
  process.disconnect?.();
}
