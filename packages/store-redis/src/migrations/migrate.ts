import { MIGRATIONS, type MigrationScript } from './migrations.js';

/** Legacy history events (or stored backoffs) per call of a migration script. */
const BATCH = 1000;

/**
 * Brings a namespace that an older release wrote up to date: runs each of {@link MIGRATIONS} in
 * order, in calls of at most {@link BATCH} items, until it reports nothing left. Every call is
 * atomic and the scripts are resumable, so an interrupted migration goes on at the next `open()`.
 * @param run runs one migration script with its ARGV (`now` first, unused: '').
 * @throws what `run` throws (the driver's error).
 */
export async function migrateNamespace(
  run: (name: MigrationScript, args: readonly string[]) => Promise<unknown>,
): Promise<void> {
  for (const name of MIGRATIONS) {
    while (Number(await run(name, ['', String(BATCH)])) > 0);
  }
}
