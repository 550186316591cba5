import { cpus, loadavg } from 'node:os';

/** Where and when a benchmark ran, for the heading of its figures. */
export interface RunContext {
  /** ISO minute, UTC. */
  startedAt: string;
  /** The 1-minute load average when it started. */
  loadAtStart: number;
}

/** Notes the start of a run (time and load). */
export function startRun(): RunContext {
  return { startedAt: new Date().toISOString().slice(0, 16).replace('T', ' '), loadAtStart: loadavg()[0]! };
}

/**
 * A heading and a line ready to paste into docs/performance.md: when (UTC), the load average at
 * the start and the end of the run (1 minute), the cores and CPU model, Node's version, and the
 * command that made the figures.
 */
export function runHeading(run: RunContext, command: string): string {
  const end = loadavg()[0]!;
  const cpu = cpus();
  return [
    `### Run of ${run.startedAt} UTC, load average ${run.loadAtStart.toFixed(1)} → ${end.toFixed(1)}`,
    '',
    `\`${command}\`; ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}.`,
  ].join('\n');
}
