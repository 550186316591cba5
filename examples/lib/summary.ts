import { checkExclusivity, readAllHistory } from '@tagout/conformance';
import type { Engine, HistoryEvent } from '@tagout/core';
import { AGENT_START } from './agent-start.js';
import type { DemoOptions } from './demo-options.js';
import { checkFinishedOnce, countByEvent } from './history-checks.js';
import type { TallyCounts } from './tally.js';

/** What the closing summary is made of. */
export interface SummaryInput {
  engine: Engine;
  options: DemoOptions;
  tally: TallyCounts;
  machineIds: readonly string[];
  seconds: number;
  interrupted: boolean;
}

/**
 * Prints claims, finishes, failures, active backoffs, history counts by event and the
 * invariant checks read from the history. Sets a non-zero exit code if a check fails.
 */
export async function printSummary(input: SummaryInput): Promise<void> {
  const { engine, options, tally } = input;
  // history() returns one page (1,000 events by default): read them all, page by page.
  const events = await readAllHistory(engine);
  const active = await countActiveBackoffs(engine);
  const counts = countByEvent(events);
  const exclusivity = checkExclusivity(events).problems;
  const finishedOnce = input.interrupted ? [] : checkFinishedOnce(events, input.machineIds, AGENT_START);
  const rate = tally.finishes / input.seconds;
  const lines = [
    '',
    `${input.interrupted ? 'Interrupted' : 'Done'} in ${input.seconds.toFixed(1)} s (${rate.toFixed(0)} finishes/s):` +
      ` ${options.machines} machines, ${options.workers} workers, failure rate ${options.failureRate}`,
    `  claims           ${tally.claims}`,
    `  finishes         ${tally.finishes}`,
    `  failures         ${tally.failures}`,
    `  active backoffs  ${active} (machines that failed at least once: ${failedMachines(events)})`,
    `  history          ${Object.entries(counts)
      .map(([event, n]) => `${event} ${n}`)
      .join(' · ')} (${events.length} events)`,
    `  exclusivity      ${verdict(exclusivity, `no pair ever had two live holders (${counts.Started} work items)`)}`,
    `  finished once    ${
      input.interrupted
        ? 'skipped (interrupted)'
        : verdict(finishedOnce, 'every machine finished exactly once')
    }`,
  ];
  console.log(lines.join('\n'));
  if (exclusivity.length > 0 || finishedOnce.length > 0) process.exitCode = 1;
}

/** Active backoffs of every process, counted by the store (a listing stops at its limit). */
export async function countActiveBackoffs(engine: Engine): Promise<number> {
  return Object.values((await engine.stats()).activeBackoffs).reduce((sum, n) => sum + n, 0);
}

function failedMachines(events: readonly HistoryEvent[]): number {
  return new Set(events.filter((event) => event.event === 'Failed').map((event) => event.machineId)).size;
}

function verdict(violations: readonly string[], ok: string): string {
  if (violations.length === 0) return `ok: ${ok}`;
  const shown = violations.slice(0, 5).map((v) => `\n    - ${v}`);
  return `FAILED (${violations.length} violations)${shown.join('')}`;
}
