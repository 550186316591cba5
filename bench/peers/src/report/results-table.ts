import { drainRate, measured, type SystemResults } from '../results.js';
import { integer, MISSING, markdownTable, ms } from './markdown.js';

/** Idle requests cell: round trips or commands; for SQLite the runner's claims. */
function idleRequests(result: SystemResults): string {
  const idle = measured(result.idle);
  if (idle === undefined) return MISSING;
  if (idle.requestsPer30s !== null) return integer(idle.requestsPer30s);
  return idle.claimsPer30s === null ? MISSING : `${integer(idle.claimsPer30s)} claims`;
}

/**
 * CPU per item of the drain at `concurrency`, µs: the worker's plus its server's ('38 + 70'),
 * or the worker's alone for an embedded store.
 */
function drainCpu(result: SystemResults, concurrency: number): string {
  const cpu = measured(result.drain.get(concurrency))?.cpuPerItemUs;
  if (cpu === undefined) return MISSING;
  return cpu.server === undefined ? integer(cpu.worker) : `${integer(cpu.worker)} + ${integer(cpu.server)}`;
}

/**
 * The main table: one row per system with every workload's figure, and for an embedded store
 * a row with its one-process latency.
 */
export function resultsTable(results: readonly SystemResults[], concurrencies: readonly number[]): string {
  const header = [
    'system',
    'store',
    ...concurrencies.map((c) => `drain ×${c}, items/s`),
    `drain ×${last(concurrencies)} CPU µs/item, worker + server`,
    'e2e p50 ms',
    'e2e p99 ms',
    'idle requests / 30 s',
    'idle CPU ms / 30 s',
  ];
  const rows = results.flatMap((result) => {
    const latency = measured(result.latency);
    const row = [
      result.system.label,
      result.system.store,
      ...concurrencies.map((c) => integer(drainRate(result, c))),
      drainCpu(result, last(concurrencies)),
      ms(latency?.p50Ms),
      ms(latency?.p99Ms),
      idleRequests(result),
      ms(measured(result.idle)?.cpuMsPer30s),
    ];
    if (result.latencyInProcess === undefined) return [row];
    const inProcess = measured(result.latencyInProcess);
    const blank = concurrencies.map(() => '');
    return [
      row,
      [
        `${result.system.label}, producer in the worker's process`,
        result.system.store,
        ...blank,
        '',
        ms(inProcess?.p50Ms),
        ms(inProcess?.p99Ms),
        '',
        '',
      ],
    ];
  });
  return markdownTable(header, rows, 2);
}

function last(concurrencies: readonly number[]): number {
  return concurrencies[concurrencies.length - 1] ?? 1;
}
