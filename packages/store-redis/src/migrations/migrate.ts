import type { MigrationScript } from '../scripts.js';

/** Legacy history events (or stored backoffs) per call of a migration script. */
const BATCH = 1000;

/**
 * Brings a namespace that an older release wrote up to date, in script calls of at most
 * {@link BATCH} items each, every one atomic and resumable (an interrupted migration goes on at
 * the next `open()`): `history-upgrade.lua` moves history from the lists of releases before
 * sequence numbers into the sequence-numbered keys, then `backoff-ends-upgrade.lua` fills the
 * backoff-end indexes from the stored backoffs. On a current namespace each answers at once.
 * @param run runs one migration script with its ARGV (`now` first, unused: '').
 * @throws what `run` throws (the driver's error).
 */
export async function migrateNamespace(
  run: (name: MigrationScript, args: readonly string[]) => Promise<unknown>,
): Promise<void> {
  while (Number(await run('history-upgrade', ['', String(BATCH)])) > 0);
  while (Number(await run('backoff-ends-upgrade', ['', String(BATCH)])) > 0);
}
