import { formatLoad, type MachineInfo } from './machine.js';
import type { RunPlan } from './plan.js';
import { behind, ratioTable } from './report/comparisons.js';
import { floorTable } from './report/floors.js';
import { resultsTable } from './report/results-table.js';
import { targets } from './report/targets.js';
import { problems, type SystemResults } from './results.js';

/** What a run leaves besides the measurements. */
export interface RunRecord {
  plan: RunPlan;
  machine: MachineInfo;
  loadAtEnd: number[];
  startedAt: Date;
  minutes: number;
  results: SystemResults[];
}

/** The whole result of a run as Markdown: what ran where, the tables, the targets, the checks. */
export function renderRun(run: RunRecord): string {
  const { plan, machine, results } = run;
  const concurrencies = plan.drain.concurrencies;
  const found = problems(results, plan.drain.items);
  const ratios = ratioTable(results, concurrencies);
  const lagging = behind(results, concurrencies);
  const floors = floorTable(results, concurrencies);
  const when = run.startedAt.toISOString().slice(0, 16).replace('T', ' ');
  return [
    `### Run of ${when} UTC${plan.quick ? ' (--quick: a smoke run, the figures mean nothing)' : ''}`,
    '',
    `Command: \`${plan.command}\` (${run.minutes.toFixed(1)} min). Machine: ${machine.cpu}, Node ${machine.node}, ` +
      `load average ${formatLoad(machine.loadAtStart)} at the start and ${formatLoad(run.loadAtEnd)} at the end. ` +
      `Servers: PostgreSQL ${machine.postgres}, Redis ${machine.redis}, ${machine.sqlite}. ` +
      `Versions: ${[...new Set(results.map((r) => r.system.version))].join(', ')}.`,
    '',
    `Drain: ${plan.drain.items.toLocaleString('en-US')} items seeded, no-op handler, timed from the ` +
      `${plan.drain.warmup.toLocaleString('en-US')}th handler start until the store shows every item done. ` +
      `End-to-end: ${plan.latency.rate} items/s for ${plan.latency.seconds} s, write start → handler start. ` +
      `Idle: ${plan.idle.windowMs / 1000} s after ${plan.idle.warmupMs / 1000} s of warm-up, scaled to 30 s.`,
    '',
    resultsTable(results, concurrencies),
    '',
    ...(ratios === '' ? [] : [ratios, '']),
    ...(floors === '' ? [] : [floors, '']),
    targets(results),
    '',
    ...(lagging.length === 0
      ? []
      : ['Where tagout is behind in this run (tagout ÷ peer):', '', ...lagging.map((l) => `- ${l}`), '']),
    'Settings:',
    '',
    ...results.map((r) => `- **${r.system.label}** (${r.system.version}): ${r.system.settings}.`),
    '',
    found.length === 0
      ? `Checks: every item of every measurement was handled once and is done in its store.`
      : `Checks: **${found.length} problem${found.length === 1 ? '' : 's'}**:\n\n${found.map((p) => `- ${p}`).join('\n')}`,
  ].join('\n');
}
