import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// The store packages' own test helpers: the probes of the test servers.
import { PG_URL } from '../../../packages/store-postgres/test/postgres.js';
import { REDIS_URL, redisProbe } from '../../../packages/store-redis/test/helpers/redis-env.js';
import type { RunServers } from './context.js';
import { loadSystem, SYSTEM_IDS } from './systems.js';
import { measureDrain } from './workloads/drain.js';
import { measureLatency } from './workloads/latency.js';

const redisDown = await redisProbe();
const unreachable = [
  PG_URL === undefined ? 'Postgres (127.0.0.1:5432, db test)' : undefined,
  redisDown === undefined ? undefined : `Redis (${REDIS_URL})`,
].filter((s) => s !== undefined);
if (unreachable.length > 0 && !process.env.CI)
  console.warn(`skipping: ${unreachable.join(' and ')} unreachable`);

// Every system of `pnpm bench:peers` through the bench's own code paths, small: each worker
// runs in its child process and every item must come out done exactly once. No figures.
describe.skipIf(unreachable.length > 0 && !process.env.CI)('pnpm bench:peers, smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-peers-smoke-'));
  const servers: RunServers = {
    postgresUrl: PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: REDIS_URL,
    dir,
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(SYSTEM_IDS)('%s drains every item once and sees every produced one', async (id) => {
    const system = await loadSystem(id);
    const drain = await measureDrain(system, servers, {
      items: 200,
      warmup: 10,
      concurrency: 8,
      deadlineMs: 40_000,
    });
    expect(drain).toMatchObject({ handled: 200, outstanding: 0, complete: true });
    const latency = await measureLatency(system, servers, {
      rate: 20,
      seconds: 0.25,
      settleMs: 200,
      graceMs: 10_000,
      inProcess: system.embedded,
    });
    expect(latency).toMatchObject({ produced: 5, received: 5, outstanding: 0 });
  });
});
