/**
 * The groups of the conformance suite, in the order they run. Each is one file of
 * `src/scenarios/` with the same name (the model-based run: `src/model-run.ts`). Select them
 * with the `groups` option of `describeStoreConformance`.
 */
export const GROUP_NAMES = [
  'sessions',
  'sessions-listing',
  'exclusivity',
  'backoff',
  'clear-backoff',
  'zombies',
  'work-lifecycle',
  'machines',
  'history',
  'bulk-writes',
  'installation',
  'process-discovery',
  'filters',
  'filter-agreement',
  'stats',
  'concurrency',
  'work-many',
  'finish-many',
  'scan-budget',
  'wake-ups',
  'wake-signals',
  'bad-input',
  'model-run',
] as const;

/** The name of one group of the conformance suite (see {@link GROUP_NAMES}). */
export type GroupName = (typeof GROUP_NAMES)[number];
