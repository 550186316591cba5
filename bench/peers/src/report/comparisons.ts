import { drainRate, measured, type SystemResults } from '../results.js';
import { divide, markdownTable, times } from './markdown.js';

/** Which tagout row each peer is compared with: same store, batched with batched. */
const PAIRS: readonly [string, string][] = [
  ['tagout-postgres', 'graphile-worker'],
  ['tagout-postgres-unbatched', 'graphile-worker-unbatched'],
  ['tagout-postgres', 'pg-boss'],
  ['tagout-redis', 'bullmq'],
  ['tagout-redis-unbatched', 'bullmq'],
];

/** tagout ÷ peer for one measure. */
interface Ratio {
  measure: string;
  value: number | undefined;
  /** Drain: more is better; latency and idle cost: less is. */
  higherIsBetter: boolean;
}

/** One tagout row against one peer on the same store. */
interface Comparison {
  ours: string;
  theirs: string;
  ratios: Ratio[];
}

/** Every pair of the run: tagout ÷ peer for each measure. */
function comparisons(results: readonly SystemResults[], concurrencies: readonly number[]): Comparison[] {
  const byId = new Map(results.map((result) => [result.system.id, result]));
  const found: Comparison[] = [];
  for (const [oursId, theirsId] of PAIRS) {
    const a = byId.get(oursId);
    const b = byId.get(theirsId);
    if (a === undefined || b === undefined) continue;
    const [la, lb] = [measured(a.latency), measured(b.latency)];
    const [ia, ib] = [measured(a.idle), measured(b.idle)];
    found.push({
      ours: a.system.label,
      theirs: b.system.label,
      ratios: [
        ...concurrencies.map((c) => ({
          measure: `drain ×${c}`,
          value: divide(drainRate(a, c), drainRate(b, c)),
          higherIsBetter: true,
        })),
        { measure: 'e2e p50', value: divide(la?.p50Ms, lb?.p50Ms), higherIsBetter: false },
        { measure: 'e2e p99', value: divide(la?.p99Ms, lb?.p99Ms), higherIsBetter: false },
        {
          measure: 'idle requests',
          value: divide(ia?.requestsPer30s, ib?.requestsPer30s),
          higherIsBetter: false,
        },
        { measure: 'idle CPU', value: divide(ia?.cpuMsPer30s, ib?.cpuMsPer30s), higherIsBetter: false },
      ],
    });
  }
  return found;
}

/** tagout ÷ peer on the same store, for every pair both of whose systems ran ('' when none did). */
export function ratioTable(results: readonly SystemResults[], concurrencies: readonly number[]): string {
  const found = comparisons(results, concurrencies);
  const first = found[0];
  if (first === undefined) return '';
  const header = ['tagout ÷ peer', ...first.ratios.map((r) => r.measure)];
  const rows = found.map((c) => [`${c.ours} ÷ ${c.theirs}`, ...c.ratios.map((r) => times(r.value))]);
  return markdownTable(header, rows);
}

/** Where tagout did worse than a peer on the same store in this run, one line per pair. */
export function behind(results: readonly SystemResults[], concurrencies: readonly number[]): string[] {
  return comparisons(results, concurrencies).flatMap(({ ours, theirs, ratios }) => {
    const worse = ratios.filter(
      (r) => r.value !== undefined && (r.higherIsBetter ? r.value < 1 : r.value > 1),
    );
    if (worse.length === 0) return [];
    const list = worse.map((r) => `${r.measure} (${times(r.value)})`).join(', ');
    return [`${ours} is behind ${theirs} on ${list}.`];
  });
}
