/**
 * Runs one kind of cycle in this process for a while, for profiling:
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/diagnostics/sqlite-profile.ts --subject store --end fail`
 * then summarise the profile with `tsx bench/diagnostics/cpu-profile-summary.ts /tmp/prof/<file>.cpuprofile`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliArgs } from '../lib/cli-args.js';
import { measure } from '../lib/measure.js';
import { type CycleEnd, makeCycle, type Subject } from '../sqlite/sqlite-cycles.js';
import { prepareBenchTemplate } from '../sqlite/sqlite-setup.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    subject: { type: 'string', default: 'store' },
    end: { type: 'string', default: 'finish' },
    'duration-ms': { type: 'string', default: '5000' },
  },
});
const dir = await mkdtemp(join(tmpdir(), 'tagout-profile-'));
try {
  const path = await prepareBenchTemplate(dir, 'profile', 20_000);
  const cycle = await makeCycle(values.subject as Subject, {
    path,
    end: values.end as CycleEnd,
    worker: 0,
    workers: 1,
  });
  const result = await measure({ durationMs: Number(values['duration-ms']) }, cycle.step);
  await cycle.close();
  console.log(`${values.subject} claim + ${values.end}: ${Math.round(result.perSecond)} cycles/s`, result);
} finally {
  await rm(dir, { recursive: true, force: true });
}
