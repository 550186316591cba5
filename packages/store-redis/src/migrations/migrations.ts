/**
 * The migration scripts (`src/migrations/<name>.lua`), in the order `open()` runs them. Each
 * brings a namespace that an older release wrote up to date, a batch per call, and answers how
 * much is left (0 at once on a current namespace); there is no version key. Add a script here
 * when a release changes what older data must look like.
 * - `history-upgrade`: history from the lists of releases before sequence numbers ('h',
 *   'hm:<id>') into the sequence-numbered keys.
 * - `backoff-ends-upgrade`: the backoff-end indexes 'bu:<process>' from the stored backoffs.
 * - `machine-history-upgrade`: the processes that have events ('hp', whose pair indexes make up a
 *   machine's history) from every event, and the per-machine indexes 'hxm:<id>' deleted.
 */
export const MIGRATIONS = ['history-upgrade', 'backoff-ends-upgrade', 'machine-history-upgrade'] as const;

/** The name of one migration script. */
export type MigrationScript = (typeof MIGRATIONS)[number];
