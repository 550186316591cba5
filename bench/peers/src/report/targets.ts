import { drainRate, measured, type SystemResults } from '../results.js';
import { divide, integer, MISSING, markdownTable, ms, times } from './markdown.js';

/** One target of issue #14 that this bench can judge, and how this run did. */
interface Verdict {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/**
 * The targets that these workloads measure, judged on this run, and the target session 9
 * proposed for batched Postgres (against the floor of the contracted writes, see floors.ts).
 */
export function targets(results: readonly SystemResults[]): string {
  const byId = new Map(results.map((result) => [result.system.id, result]));
  const verdicts: Verdict[] = [];
  for (const [ours, theirs, factor, target] of [
    [
      'tagout-postgres',
      'graphile-worker',
      1,
      'tagout · Postgres drain ×8 ≥ graphile-worker drain ×8 (both batched)',
    ],
    [
      'tagout-postgres-unbatched',
      'graphile-worker-unbatched',
      1,
      'tagout · Postgres drain ×8 ≥ graphile-worker drain ×8 (both with their defaults)',
    ],
    [
      'tagout-postgres',
      'floor-postgres',
      0.75,
      'tagout · Postgres drain ×8 ≥ 0.75 × floor · Postgres drain ×8 (proposed in session 9)',
    ],
    ['tagout-redis', 'bullmq', 1.5, 'tagout · Redis drain ×8 ≥ 1.5 × BullMQ drain ×8'],
    [
      'tagout-redis-unbatched',
      'bullmq',
      1.5,
      'tagout · Redis drain ×8 ≥ 1.5 × BullMQ drain ×8 (tagout unbatched)',
    ],
  ] as const) {
    if (!byId.has(ours) || !byId.has(theirs)) continue;
    const ratio = divide(drainRate(byId.get(ours), 8), drainRate(byId.get(theirs), 8));
    verdicts.push({ target, measured: times(ratio), met: ratio === undefined ? undefined : ratio >= factor });
  }
  for (const [id, limit] of [
    ['tagout-postgres', 10],
    ['tagout-redis', 10],
    ['tagout-sqlite', 5],
  ] as const) {
    const result = byId.get(id);
    if (result === undefined) continue;
    // Embedded: the target is for one process.
    const latency = result.system.embedded ? result.latencyInProcess : result.latency;
    const p50 = measured(latency)?.p50Ms;
    verdicts.push({
      target: `${result.system.label} e2e p50 ≤ ${limit} ms${result.system.embedded ? ', in one process' : ''}`,
      measured: p50 === undefined ? MISSING : `${ms(p50)} ms`,
      met: p50 === undefined ? undefined : p50 <= limit,
    });
  }
  for (const id of ['tagout-postgres', 'tagout-redis']) {
    const result = byId.get(id);
    const requests = measured(result?.idle)?.requestsPer30s ?? undefined;
    if (result === undefined) continue;
    verdicts.push({
      target: `${result.system.label} idle worker ≤ 1 round trip per 30 s`,
      measured: integer(requests),
      met: requests === undefined ? undefined : requests <= 1,
    });
  }
  const rows = verdicts.map((v) => [
    v.target,
    v.measured,
    v.met === undefined ? 'not measured' : v.met ? 'met' : '**missed**',
  ]);
  return markdownTable(['target (issue #14)', 'this run', ''], rows, 1);
}
