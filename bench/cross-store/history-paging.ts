/**
 * `pnpm bench:history`: does a page of history cost the same at both ends of a long history?
 * Seeds `--events` events (default 1,000,000) over 1,000 machines × 2 processes straight into each
 * store's tables or keys (bench/cross-store/history-seed.ts), then times pages of 100 through the engine:
 * - near: `history({ ...scope, limit: 100 })`, the newest page;
 * - far, forward: `history({ ...scope, after: <the first event of the history>, limit: 100 })`;
 * - far, backward: `history({ ...scope, before: <the scope's 102nd oldest event>, limit: 100 })`;
 * for the scopes all events, one process, and one (machine, process) pair.
 *
 * A p99 over a few hundred sub-millisecond pages is decided by a garbage collection or a busy
 * core, so each figure takes `--samples` pages (default 10,000) after `--warmup` unmeasured rounds
 * (500), and the three pages of a scope take turns (near, after, before; then after, before,
 * near; ...), so a pause falls on each of them alike. Prints p50 / p99 in ms, the acceptance ratio
 * p99(far) ÷ p99(near) (target ≤ 2; the worse of the two far pages) and the p50 ratio, then the
 * work of a near and a far page (Postgres: the plan; Redis: the commands per page), and a heading
 * ready to paste into docs/performance.md.
 *
 * Stores: SQLite (a temporary file), Postgres (`TAGOUT_PG_URL`, default
 * postgres://postgres@127.0.0.1:5432/test, a schema of its own, dropped afterwards), Redis (a
 * private `redis-server` this script starts on a free port and shuts down). `--stores` picks some
 * (default `sqlite,postgres,redis`).
 */
import { parseArgs } from 'node:util';
import { type Engine, type HistoryQuery, historyIdOfSequence, openEngine } from '@tagout/core';
import { cliArgs } from '../lib/cli-args.js';
import { percentile } from '../lib/percentile.js';
import { runHeading, startRun } from '../lib/run-header.js';
import {
  machineOf,
  type PageQuery,
  PROCESSES,
  type Seeded,
  seedPostgres,
  seedRedis,
  seedSqlite,
} from './history-seed.js';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    events: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '10000' },
    warmup: { type: 'string', default: '500' },
    stores: { type: 'string', default: 'sqlite,postgres,redis' },
  },
});
const EVENTS = Number(values.events);
const SAMPLES = Number(values.samples);
const WARMUP = Number(values.warmup);
const PAGE = 100;
const TARGET = 2;

/** p50 and p99 (ms) of one page. */
interface Figure {
  p50: number;
  p99: number;
}

/**
 * Times the pages in turns: WARMUP unmeasured rounds, then SAMPLES rounds, each calling every
 * page once, starting one further along each round. Returns each page's p50 and p99.
 */
async function timeInTurns(pages: readonly (() => Promise<unknown>)[]): Promise<Figure[]> {
  const ms = pages.map((): number[] => []);
  for (let round = 0; round < WARMUP + SAMPLES; round++) {
    for (let k = 0; k < pages.length; k++) {
      const which = (round + k) % pages.length;
      const start = performance.now();
      await pages[which]!();
      if (round >= WARMUP) ms[which]!.push(performance.now() - start);
    }
  }
  return ms.map((list) => {
    list.sort((a, b) => a - b);
    return { p50: percentile(list, 50), p99: percentile(list, 99) };
  });
}

/**
 * Cursors at the far end of the scope: the first event of the history (sequence 1 in every seeded
 * store, so pages `after` it start at the scope's oldest events) and the scope's 102nd oldest.
 */
async function farCursors(engine: Engine, scope: HistoryQuery): Promise<[string, string]> {
  const first = historyIdOfSequence(1);
  const head = await engine.history({ ...scope, after: first, limit: PAGE + 2 });
  if (head.length < PAGE + 2) throw new Error('history too short for the scope');
  return [first, head[PAGE + 1]!.id];
}

const fmt = (figure: Figure) => `${figure.p50.toFixed(2)} / ${figure.p99.toFixed(2)}`;

/** The table rows of one store, and lines on the work of its pages. */
async function benchStore(name: string, seed: (events: number) => Promise<Seeded>) {
  const began = performance.now();
  const seeded = await seed(EVENTS);
  const seedSeconds = (performance.now() - began) / 1000;
  const engine = await openEngine({ store: seeded.store, processes: [...PROCESSES] });
  const rows: string[] = [];
  const work: string[] = [];
  try {
    const scopes: [string, HistoryQuery][] = [
      ['all events', {}],
      ['one process', { process: 'Recovery' }],
      ['one pair', { machineId: machineOf(7), process: 'Recovery' }],
    ];
    for (const [label, scope] of scopes) {
      const [first, beyond] = await farCursors(engine, scope);
      const pages: PageQuery[] = [
        { ...scope, limit: PAGE },
        { ...scope, after: first, limit: PAGE },
        { ...scope, before: beyond, limit: PAGE },
      ];
      const [near, after, before] = await timeInTurns(pages.map((page) => () => engine.history(page)));
      const p99 = Math.max(after!.p99, before!.p99) / near!.p99;
      const p50 = Math.max(after!.p50, before!.p50) / near!.p50;
      rows.push(
        `| ${name} | ${label} | ${fmt(near!)} | ${fmt(after!)} | ${fmt(before!)} | ` +
          `**${p99.toFixed(2)}**${p99 > TARGET ? ` (> ${TARGET})` : ''} | ${p50.toFixed(2)} |`,
      );
      console.error(rows.at(-1));
      if (seeded.explain !== undefined) {
        for (const [which, page] of [
          ['near', pages[0]!],
          ['far, after', pages[1]!],
          ['far, before', pages[2]!],
        ] as const) {
          work.push(`- ${name}, ${label}, ${which}: ${await seeded.explain(page)}`);
        }
      }
    }
    work.push(`- ${name}: seeded ${EVENTS.toLocaleString('en-US')} events in ${seedSeconds.toFixed(0)} s`);
  } finally {
    await engine.close();
    await seeded.drop();
  }
  return { rows, work };
}

const SEEDERS: Record<string, (events: number) => Promise<Seeded>> = {
  sqlite: seedSqlite,
  postgres: seedPostgres,
  redis: seedRedis,
};
const run = startRun();
const rows: string[] = [];
const work: string[] = [];
for (const name of String(values.stores).split(',')) {
  const seed = SEEDERS[name];
  if (seed === undefined)
    throw new Error(`unknown store ${name} (known: ${Object.keys(SEEDERS).join(', ')})`);
  const measured = await benchStore(name, seed);
  rows.push(...measured.rows);
  work.push(...measured.work);
}
const flags = cliArgs();
console.log(runHeading(run, `pnpm bench:history${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`));
console.log(
  `History of ${EVENTS.toLocaleString('en-US')} events; ${SAMPLES.toLocaleString('en-US')} pages of ${PAGE} per ` +
    `figure after ${WARMUP} warm-up rounds, the three pages of a scope in turns (ms, p50 / p99):\n`,
);
console.log(
  '| store | scope | near (newest page) | far, `after` the first event | far, `before` the 102nd oldest | p99 far ÷ near | p50 far ÷ near |',
);
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
console.log(`\nWork of one page:\n${work.join('\n')}`);
