import { drainRate, measured, type SystemResults } from '../results.js';
import { divide, markdownTable, times } from './markdown.js';

/** Which tagout row each floor of the contracted writes is compared with: same store, batched. */
const FLOOR_PAIRS: readonly [string, string][] = [
  ['tagout-postgres', 'floor-postgres'],
  ['tagout-redis', 'floor-redis'],
];

/** CPU per item of the drain at `concurrency`, worker and server together, µs. */
function cpuPerItem(result: SystemResults, concurrency: number): number | undefined {
  const cpu = measured(result.drain.get(concurrency))?.cpuPerItemUs;
  return cpu === undefined ? undefined : cpu.worker + (cpu.server ?? 0);
}

/**
 * tagout ÷ the floor of its contracted writes on the same store (the `floor-*` systems): the drain
 * rates, and the floor's CPU per item ÷ tagout's (so that 1.00× means no overhead, on both
 * measures). '' when no pair ran.
 */
export function floorTable(results: readonly SystemResults[], concurrencies: readonly number[]): string {
  const byId = new Map(results.map((result) => [result.system.id, result]));
  const highest = concurrencies[concurrencies.length - 1] ?? 1;
  const rows: string[][] = [];
  for (const [oursId, floorId] of FLOOR_PAIRS) {
    const ours = byId.get(oursId);
    const floor = byId.get(floorId);
    if (ours === undefined || floor === undefined) continue;
    rows.push([
      `${ours.system.label} ÷ ${floor.system.label}`,
      ...concurrencies.map((c) => times(divide(drainRate(ours, c), drainRate(floor, c)))),
      times(divide(cpuPerItem(floor, highest), cpuPerItem(ours, highest))),
    ]);
  }
  if (rows.length === 0) return '';
  const header = [
    'tagout ÷ floor of its writes',
    ...concurrencies.map((c) => `drain ×${c}`),
    `CPU per item ×${highest}: floor ÷ tagout`,
  ];
  return markdownTable(header, rows);
}
