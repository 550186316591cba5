/**
 * Where a store cycle's time goes, statement by statement: runs store cycles in this
 * process with every better-sqlite3 statement call timed by its SQL text, and prints the
 * statements by total time. `tsx bench/diagnostics/sqlite-statements.ts --end fail`.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliArgs } from '../lib/cli-args.js';
import { measure } from '../lib/measure.js';
import { type CycleEnd, makeCycle } from '../sqlite/sqlite-cycles.js';
import { prepareBenchTemplate } from '../sqlite/sqlite-setup.js';

type Method = (this: { source: string }, ...args: unknown[]) => unknown;

const { values } = parseArgs({
  args: cliArgs(),
  options: { end: { type: 'string', default: 'finish' }, 'duration-ms': { type: 'string', default: '3000' } },
});
const timings = new Map<string, { calls: number; ms: number }>();
instrumentStatements();
const dir = await mkdtemp(join(tmpdir(), 'tagout-statements-'));
try {
  const path = await prepareBenchTemplate(dir, 'statements', 20_000);
  const cycle = await makeCycle('store', { path, end: values.end as CycleEnd, worker: 0, workers: 1 });
  timings.clear();
  const result = await measure({ durationMs: Number(values['duration-ms']), warmupMs: 0 }, cycle.step);
  await cycle.close();
  const cycleUs = (result.seconds * 1e6) / result.ops;
  console.log(
    `store claim + ${values.end}: ${Math.round(result.perSecond)} cycles/s, ${cycleUs.toFixed(0)} µs/cycle\n`,
  );
  console.log('µs/cycle  calls/cycle  statement');
  for (const [sql, t] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
    const us = (t.ms * 1000) / result.ops;
    console.log(`${us.toFixed(1).padStart(8)}  ${(t.calls / result.ops).toFixed(2).padStart(11)}  ${sql}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** Wraps run/get/all of better-sqlite3's Statement (the store's copy) to time each call by SQL text. */
function instrumentStatements(): void {
  const require = createRequire(new URL('../../packages/store-sqlite/package.json', import.meta.url));
  const Database = require('better-sqlite3') as new (
    path: string,
  ) => { prepare(sql: string): object; close(): void };
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, Method>;
  probe.close();
  for (const name of ['run', 'get', 'all'] as const) {
    const original = proto[name] as Method;
    proto[name] = function timed(this: { source: string }, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const key = this.source.replace(/\s+/g, ' ').trim().slice(0, 160);
        const entry = timings.get(key) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - start;
        timings.set(key, entry);
      }
    };
  }
}
