/**
 * `pnpm bench`: cycles per second of claim-by-filter + finish and claim-by-filter + fail
 * on an embedded SQLite file, 1 process and 4 processes on one WAL file, each beside the
 * floor (the same rows written by the fewest plain better-sqlite3 statements) measured
 * in the same run. Prints a table with the ratios.
 *
 * Flags: `--duration-ms N` per measurement (default 3000), `--processes N` for the parallel
 * rows (default 4), `--no-engine` to skip the engine-API rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureInChildren } from './lib/children.js';
import { combine, type Measurement } from './lib/measure.js';
import { formatRatioTable, type RatioRow } from './lib/table.js';
import type { SqliteChildArgs } from './sqlite-child.js';
import type { CycleEnd, Subject } from './sqlite-cycles.js';
import { driverVersion, openPlainSqlite, sqliteVersion } from './sqlite-driver.js';
import { prepareBenchFile } from './sqlite-setup.js';

const TARGET = 0.5;
const CHILD = fileURLToPath(new URL('./sqlite-child.ts', import.meta.url));
/** Enough machines that 1 s backoffs never leave a claimer without a candidate. */
const MACHINES = 20_000;

const { values } = parseArgs({
  options: {
    'duration-ms': { type: 'string', default: '3000' },
    processes: { type: 'string', default: '4' },
    'no-engine': { type: 'boolean', default: false },
  },
});
const durationMs = Number(values['duration-ms']);
const parallel = Number(values.processes);
const subjects: Subject[] = values['no-engine'] ? ['floor', 'store'] : ['floor', 'store', 'engine'];

const dir = await mkdtemp(join(tmpdir(), 'tagout-bench-'));
try {
  printMachine(dir);
  const rows: { store: RatioRow[]; engine: RatioRow[] } = { store: [], engine: [] };
  for (const end of ['finish', 'fail'] as const) {
    for (const workers of [1, parallel]) {
      const rates = new Map<Subject, Measurement>();
      for (const subject of subjects) {
        const result = await phase(subject, end, workers);
        rates.set(subject, result);
        console.log(
          `  ${`claim + ${end}`.padEnd(14)} ${`${workers} proc`.padEnd(7)} ${subject.padEnd(6)} ` +
            `${Math.round(result.perSecond).toString().padStart(6)} cycles/s` +
            `  p50 ${Math.round(result.p50Us)} µs  p99 ${Math.round(result.p99Us)} µs`,
        );
      }
      const floor = rates.get('floor')?.perSecond ?? Number.NaN;
      const label = `claim + ${end}`;
      const mode = workers === 1 ? '1 process' : `${workers} processes`;
      rows.store.push({ label, mode, subject: rates.get('store')?.perSecond ?? Number.NaN, floor });
      const engine = rates.get('engine');
      if (engine) rows.engine.push({ label, mode, subject: engine.perSecond, floor });
    }
  }
  console.log(`\nStore contract vs floor (target ≥ ${TARGET} single-process):\n`);
  console.log(formatRatioTable(rows.store, { subject: 'store', floor: 'floor' }, TARGET));
  if (rows.engine.length > 0) {
    console.log('\nEngine API (session.work + work.finish/fail) vs floor:\n');
    console.log(formatRatioTable(rows.engine, { subject: 'engine', floor: 'floor' }));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** One measurement on a fresh, identically seeded file. */
async function phase(subject: Subject, end: CycleEnd, workers: number): Promise<Measurement> {
  const path = await prepareBenchFile(dir, `${subject}-${end}-${workers}`, MACHINES);
  const parts = await measureInChildren(
    CHILD,
    workers,
    (worker): SqliteChildArgs => ({
      subject,
      end,
      path,
      worker,
      workers,
      durationMs,
      warmupMs: 500,
    }),
  );
  return combine(parts);
}

function printMachine(dir: string): void {
  const db = openPlainSqlite(join(dir, 'version.db'));
  const sqlite = sqliteVersion(db);
  db.close();
  const cpu = cpus();
  console.log(
    `tagout SQLite bench: Node ${process.version}, better-sqlite3 ${driverVersion()}, SQLite ${sqlite}, ` +
      `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}; ${durationMs} ms per measurement, ${MACHINES} machines per file\n`,
  );
}
