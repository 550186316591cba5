import { checkOptions } from '@tagout/core';
import { describe } from 'vitest';
import type { GroupName } from './group-names.js';
import type { ConformanceOptions } from './harness.js';
import { describeModelRun } from './model-run.js';
import { describeBackoff } from './scenarios/backoff.js';
import { describeBadInput } from './scenarios/bad-input.js';
import { describeBulkWrites } from './scenarios/bulk-writes.js';
import { describeClearBackoff } from './scenarios/clear-backoff.js';
import { describeConcurrency } from './scenarios/concurrency.js';
import { describeExclusivity } from './scenarios/exclusivity.js';
import { describeFilterAgreement } from './scenarios/filter-agreement.js';
import { describeFilters } from './scenarios/filters.js';
import { describeFinishMany } from './scenarios/finish-many.js';
import { describeHistory } from './scenarios/history.js';
import { describeInstallation } from './scenarios/installation.js';
import { describeMachines } from './scenarios/machines.js';
import { describeProcessDiscovery } from './scenarios/process-discovery.js';
import { describeScanBudget } from './scenarios/scan-budget.js';
import { describeSessions } from './scenarios/sessions.js';
import { describeSessionsListing } from './scenarios/sessions-listing.js';
import { describeStats } from './scenarios/stats.js';
import { describeWakeSignals } from './scenarios/wake-signals.js';
import { describeWakeUps } from './scenarios/wake-ups.js';
import { describeWorkLifecycle } from './scenarios/work-lifecycle.js';
import { describeWorkMany } from './scenarios/work-many.js';
import { describeZombies } from './scenarios/zombies.js';
import { selectGroups } from './select-groups.js';
import { checkLimits } from './store-limits.js';

/** How each group registers its tests. */
const GROUPS: Readonly<Record<GroupName, (options: ConformanceOptions) => void>> = {
  sessions: describeSessions,
  'sessions-listing': describeSessionsListing,
  exclusivity: describeExclusivity,
  backoff: describeBackoff,
  'clear-backoff': describeClearBackoff,
  zombies: describeZombies,
  'work-lifecycle': describeWorkLifecycle,
  machines: describeMachines,
  history: describeHistory,
  'bulk-writes': describeBulkWrites,
  installation: describeInstallation,
  'process-discovery': describeProcessDiscovery,
  filters: describeFilters,
  'filter-agreement': describeFilterAgreement,
  stats: describeStats,
  concurrency: describeConcurrency,
  'work-many': describeWorkMany,
  'finish-many': describeFinishMany,
  'scan-budget': describeScanBudget,
  'wake-ups': describeWakeUps,
  'wake-signals': describeWakeSignals,
  'bad-input': describeBadInput,
  'model-run': describeModelRun,
};

const OPTION_KEYS = ['name', 'createStore', 'destroyStore', 'createPeer', 'groups', 'limits'] as const;

/**
 * Registers the conformance suite of a store as vitest `describe`/`it` blocks: scenario
 * stories, the model-based run against {@link ReferenceModel}, filter properties, concurrency
 * and bad input, one `describe` per selected group ({@link GroupName}). Every test gets a fresh
 * store from `createStore` and a manual clock; nothing sleeps. Call it at the top level of a
 * store's test file.
 *
 * @throws ValidationError, before registering anything, for an unknown option, an unknown group
 * name in `groups`, or a bad `limits`.
 * @example describeStoreConformance({ name: 'sqlite', createStore: () => createSqliteStore() });
 * @example describeStoreConformance({ name: 'foo', createStore, groups: { skip: ['model-run'] }, limits: { onlyStorableText: true } });
 */
export function describeStoreConformance(options: ConformanceOptions): void {
  checkOptions<ConformanceOptions>('options', options, [...OPTION_KEYS]);
  const groups = selectGroups(options.groups);
  checkLimits(options.limits);
  describe(`store conformance: ${options.name}`, () => {
    for (const group of groups) GROUPS[group](options);
  });
}
