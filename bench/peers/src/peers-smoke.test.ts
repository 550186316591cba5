import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { RunServers } from './context.js';
import { loadSystem, SYSTEM_IDS } from './systems.js';
import { describeWithServers } from './test-servers.js';
import { measureDrain } from './workloads/drain.js';
import { measureLatency } from './workloads/latency.js';

// Every system of `pnpm bench:peers` through the bench's own code paths, small: each worker
// runs in its child process and every item must come out done exactly once. No figures.
describeWithServers('pnpm bench:peers, smoke', (urls) => {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-peers-smoke-'));
  const servers: RunServers = { ...urls, dir };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(SYSTEM_IDS)(
    '%s drains every item once and, unless a floor, sees every produced one',
    async (id) => {
      const system = await loadSystem(id);
      const drain = await measureDrain(system, servers, {
        items: 200,
        warmup: 10,
        concurrency: 8,
        deadlineMs: 40_000,
      });
      expect(drain).toMatchObject({ handled: 200, outstanding: 0, complete: true });
      // A floor (drainOnly) has no wake-ups: the drain is all it answers, as in the bench.
      if (system.drainOnly === true) return;
      const latency = await measureLatency(system, servers, {
        rate: 20,
        seconds: 0.25,
        settleMs: 200,
        graceMs: 10_000,
        inProcess: system.embedded,
      });
      expect(latency).toMatchObject({ produced: 5, received: 5, outstanding: 0 });
    },
  );
});
