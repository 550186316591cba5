import { measured, type SystemResults } from './results.js';

/** An aligned Markdown table: the first `textColumns` columns left-aligned, the rest right. */
export function markdownTable(header: readonly string[], rows: readonly string[][], textColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < textColumns ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const MISSING = '—';

function integer(value: number | undefined): string {
  return value === undefined ? MISSING : Math.round(value).toLocaleString('en-US');
}

function ms(value: number | undefined): string {
  if (value === undefined) return MISSING;
  return value < 10
    ? value.toFixed(2)
    : value < 100
      ? value.toFixed(1)
      : Math.round(value).toLocaleString('en-US');
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? MISSING : `${(a / b).toFixed(2)}×`;
}

/** Drain rate at `concurrency`, if that drain went through. */
function drainRate(result: SystemResults | undefined, concurrency: number): number | undefined {
  const drain = measured(result?.drain.get(concurrency));
  return drain?.complete ? drain.perSecond : undefined;
}

/** Idle requests cell: round trips or commands; for SQLite the runner's claims. */
function idleRequests(result: SystemResults): string {
  const idle = measured(result.idle);
  if (idle === undefined) return MISSING;
  if (idle.requestsPer30s !== null) return integer(idle.requestsPer30s);
  return idle.claimsPer30s === null ? MISSING : `${integer(idle.claimsPer30s)} claims`;
}

/** The main table: one row per system, every workload's figure. */
export function resultsTable(results: readonly SystemResults[], concurrencies: readonly number[]): string {
  const header = [
    'system',
    'store',
    ...concurrencies.map((c) => `drain ×${c}, items/s`),
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
      ms(latency?.p50Ms),
      ms(latency?.p99Ms),
      idleRequests(result),
      ms(measured(result.idle)?.cpuMsPer30s),
    ];
    if (result.latencyInProcess === undefined) return [row];
    const inProcess = measured(result.latencyInProcess);
    return [
      row,
      [
        `${result.system.label}, producer in the worker's process`,
        result.system.store,
        ...concurrencies.map(() => ''),
        ms(inProcess?.p50Ms),
        ms(inProcess?.p99Ms),
        '',
        '',
      ],
    ];
  });
  return markdownTable(header, rows, 2);
}

/** Which tagout row each peer is compared with: same store. */
const PAIRS: readonly [string, string][] = [
  ['tagout-postgres', 'graphile-worker'],
  ['tagout-postgres', 'pg-boss'],
  ['tagout-redis', 'bullmq'],
];

/** tagout ÷ peer on the same store, for every pair both of whose systems ran ('' when none did). */
export function ratioTable(results: readonly SystemResults[], concurrencies: readonly number[]): string {
  const byId = new Map(results.map((result) => [result.system.id, result]));
  const rows: string[][] = [];
  for (const [ours, theirs] of PAIRS) {
    const a = byId.get(ours);
    const b = byId.get(theirs);
    if (a === undefined || b === undefined) continue;
    const la = measured(a.latency);
    const lb = measured(b.latency);
    const ia = measured(a.idle);
    const ib = measured(b.idle);
    rows.push([
      `${a.system.label} ÷ ${b.system.label}`,
      ...concurrencies.map((c) => ratio(drainRate(a, c), drainRate(b, c))),
      ratio(la?.p50Ms, lb?.p50Ms),
      ratio(la?.p99Ms, lb?.p99Ms),
      ratio(ia?.requestsPer30s ?? undefined, ib?.requestsPer30s ?? undefined),
      ratio(ia?.cpuMsPer30s, ib?.cpuMsPer30s),
    ]);
  }
  if (rows.length === 0) return '';
  const header = [
    'tagout ÷ peer',
    ...concurrencies.map((c) => `drain ×${c}`),
    'e2e p50',
    'e2e p99',
    'idle requests',
    'idle CPU',
  ];
  return markdownTable(header, rows);
}

/** One target of issue #14 that this bench can judge, and how this run did. */
interface Verdict {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/** The issue's targets that these workloads measure, judged on this run. */
export function targets(results: readonly SystemResults[]): string {
  const byId = new Map(results.map((result) => [result.system.id, result]));
  const verdicts: Verdict[] = [];
  const pg8 = drainRate(byId.get('tagout-postgres'), 8);
  const gw8 = drainRate(byId.get('graphile-worker'), 8);
  if (byId.has('tagout-postgres') && byId.has('graphile-worker')) {
    verdicts.push({
      target: 'tagout · Postgres drain ×8 ≥ graphile-worker drain ×8',
      measured: ratio(pg8, gw8),
      met: pg8 === undefined || gw8 === undefined ? undefined : pg8 >= gw8,
    });
  }
  const redis8 = drainRate(byId.get('tagout-redis'), 8);
  const bull8 = drainRate(byId.get('bullmq'), 8);
  if (byId.has('tagout-redis') && byId.has('bullmq')) {
    verdicts.push({
      target: 'tagout · Redis drain ×8 ≥ 1.5 × BullMQ drain ×8',
      measured: ratio(redis8, bull8),
      met: redis8 === undefined || bull8 === undefined ? undefined : redis8 >= 1.5 * bull8,
    });
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
