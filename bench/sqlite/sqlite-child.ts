/** A bench worker process (spawned by bench/sqlite/sqlite.ts): runs cycles on a shared file when told. */
import { serveMeasurements } from '../lib/children.js';
import { measure } from '../lib/measure.js';
import { type CycleOptions, makeCycle, type Subject } from './sqlite-cycles.js';

/** What the parent passes for one measurement. */
export interface SqliteChildArgs extends CycleOptions {
  subject: Subject;
  durationMs: number;
  warmupMs: number;
}

serveMeasurements<SqliteChildArgs>(async (args) => {
  const cycle = await makeCycle(args.subject, args);
  return {
    run: () => measure({ durationMs: args.durationMs, warmupMs: args.warmupMs }, cycle.step),
    close: cycle.close,
  };
});
