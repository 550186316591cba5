/**
 * Prints the `/metrics` text of a small run, for the README: 10 machines on in-memory
 * SQLite, a worker whose every 4th attempt fails, and one work item still live.
 * Run: `npx tsx packages/metrics/test/print-example.ts`.
 */
import { openEngine } from '@tagout/core';
import { runWorker } from '@tagout/runner';
import { createSqliteStore } from '@tagout/store-sqlite';
import { collectMetrics } from '../src/index.js';

const engine = await openEngine({ store: createSqliteStore(), processes: ['AgentStart'] });
const { registry } = collectMetrics(engine);
for (let index = 0; index < 10; index++) await engine.createMachine({ tags: { Provided: { index } } });
let attempts = 0;
const worker = runWorker(engine, {
  component: 'provisioner',
  process: 'AgentStart',
  where: { and: [{ has: 'Provided' }, { lacks: 'AgentStarted' }] },
  concurrency: 4,
  idleDelayMs: 10,
  backoff: { initialMs: 60_000 },
  handle: async () => {
    if (++attempts % 4 === 0) throw new Error('BMC unreachable');
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { setTags: { AgentStarted: true } };
  },
});
await worker.idle();
await worker.stop();
const session = await engine.startSession({ component: 'provisioner' });
await session.work('AgentStart', { where: { has: 'Provided' } });
process.stdout.write(await registry.metrics());
await engine.close();
