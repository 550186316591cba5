/**
 * `pnpm bench`: cycles per second of claim-by-filter + finish and claim-by-filter + fail
 * on an embedded SQLite file, 1 process and 4 processes on one WAL file, each beside the
 * floor (the same rows written by the fewest plain better-sqlite3 statements) measured
 * in the same run. Prints a table with the ratios.
 *
 * Floor, store and engine runs are interleaved in rounds, each on a fresh copy of one
 * seeded file, and the best round of each counts: on a shared machine this keeps
 * background load from favouring one side.
 *
 * Flags: `--duration-ms N` per run (default 1000), `--rounds N` (default 3),
 * `--processes N` for the parallel rows (default 4), `--no-engine` to skip the engine rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ChildPool } from '../lib/children.js';
import { cliArgs } from '../lib/cli-args.js';
import { combine, type Measurement } from '../lib/measure.js';
import { formatRatioTable, type RatioRow } from '../lib/table.js';
import type { SqliteChildArgs } from './sqlite-child.js';
import type { CycleEnd, Subject } from './sqlite-cycles.js';
import { driverVersion, openPlainSqlite, sqliteVersion } from './sqlite-driver.js';
import { copyBenchFile, prepareBenchTemplate } from './sqlite-setup.js';

const TARGET = 0.5;
const CHILD = fileURLToPath(new URL('./sqlite-child.ts', import.meta.url));
/** Enough machines that 1 s backoffs never leave a claimer without a candidate. */
const MACHINES = 20_000;
const WARMUP_MS = 300;

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    'duration-ms': { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    processes: { type: 'string', default: '4' },
    'no-engine': { type: 'boolean', default: false },
  },
});
const durationMs = Number(values['duration-ms']);
const rounds = Number(values.rounds);
const parallel = Number(values.processes);
const subjects: Subject[] = values['no-engine'] ? ['floor', 'store'] : ['floor', 'store', 'engine'];

const dir = await mkdtemp(join(tmpdir(), 'tagout-bench-'));
const pool = ChildPool.start(CHILD, parallel);
try {
  const template = await prepareBenchTemplate(dir, 'template', MACHINES);
  printMachine(template);
  const rows: Record<'store' | 'engine', RatioRow[]> = { store: [], engine: [] };
  let run = 0;
  for (const end of ['finish', 'fail'] as const) {
    for (const workers of [1, parallel]) {
      const best = new Map<Subject, Measurement>();
      for (let round = 0; round < rounds; round++) {
        for (const subject of subjects) {
          const path = await copyBenchFile(template, dir, `run-${run++}`);
          const result = await measureOnce(path, subject, end, workers);
          if (result.perSecond > (best.get(subject)?.perSecond ?? 0)) best.set(subject, result);
        }
      }
      const label = `claim + ${end}`;
      const mode = workers === 1 ? '1 process' : `${workers} processes`;
      for (const [subject, m] of best) {
        console.log(
          `  ${label.padEnd(14)} ${mode.padEnd(11)} ${subject.padEnd(6)} ${fixed(m.perSecond).padStart(6)} cycles/s` +
            `  p50 ${fixed(m.p50Us)} µs  p99 ${fixed(m.p99Us)} µs`,
        );
      }
      const floor = best.get('floor');
      for (const subject of ['store', 'engine'] as const) {
        const m = best.get(subject);
        if (m === undefined || floor === undefined) continue;
        rows[subject].push({
          label,
          mode,
          subject: m.perSecond,
          floor: floor.perSecond,
          subjectP50Us: m.p50Us,
          floorP50Us: floor.p50Us,
          ...(subject === 'store' && workers === 1 && { target: TARGET }),
        });
      }
    }
  }
  console.log(`\nStore contract vs floor (target ≥ ${TARGET} single-process), best of ${rounds} rounds:\n`);
  console.log(formatRatioTable(rows.store, { subject: 'store', floor: 'floor' }));
  if (rows.engine.length > 0) {
    console.log('\nEngine API (session.work + work.finish/fail) vs floor:\n');
    console.log(formatRatioTable(rows.engine, { subject: 'engine', floor: 'floor' }));
  }
} finally {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
}

/** One measurement: `workers` children at once on `path`, their rates added up. */
async function measureOnce(
  path: string,
  subject: Subject,
  end: CycleEnd,
  workers: number,
): Promise<Measurement> {
  const parts = await pool.measure(
    workers,
    (worker): SqliteChildArgs => ({
      subject,
      end,
      path,
      worker,
      workers,
      durationMs,
      warmupMs: WARMUP_MS,
    }),
  );
  return combine(parts);
}

function printMachine(path: string): void {
  const db = openPlainSqlite(path);
  const sqlite = sqliteVersion(db);
  db.close();
  const cpu = cpus();
  console.log(
    `tagout SQLite bench: Node ${process.version}, better-sqlite3 ${driverVersion()}, SQLite ${sqlite}, ` +
      `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}\n` +
      `${durationMs} ms per run (after ${WARMUP_MS} ms warm-up), best of ${rounds} rounds, ` +
      `${MACHINES} machines per file\n`,
  );
}

function fixed(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
