/** A bench worker process (spawned by bench/sqlite.ts): runs one kind of cycle on a shared file. */
import { serveMeasurement } from './lib/children.js';
import { measure } from './lib/measure.js';
import { type CycleOptions, makeCycle, type Subject } from './sqlite-cycles.js';

/** What the parent passes, as JSON. */
export interface SqliteChildArgs extends CycleOptions {
  subject: Subject;
  durationMs: number;
  warmupMs: number;
}

await serveMeasurement<SqliteChildArgs>(async (args) => {
  const cycle = await makeCycle(args.subject, args);
  return {
    run: () => measure({ durationMs: args.durationMs, warmupMs: args.warmupMs }, cycle.step),
    close: cycle.close,
  };
});
