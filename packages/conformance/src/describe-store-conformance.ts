import { describe } from 'vitest';
import type { ConformanceOptions } from './harness.js';
import { describeModelRun } from './model-run.js';
import { describeBackoff } from './scenarios/backoff.js';
import { describeBadInput } from './scenarios/bad-input.js';
import { describeBulkWrites } from './scenarios/bulk-writes.js';
import { describeClearBackoff } from './scenarios/clear-backoff.js';
import { describeConcurrency } from './scenarios/concurrency.js';
import { describeExclusivity } from './scenarios/exclusivity.js';
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
import { describeWakeUps } from './scenarios/wake-ups.js';
import { describeWorkLifecycle } from './scenarios/work-lifecycle.js';
import { describeWorkMany } from './scenarios/work-many.js';
import { describeZombies } from './scenarios/zombies.js';

/**
 * Registers the conformance suite of a store as vitest `describe`/`it` blocks: scenario
 * stories, the model-based run against {@link ReferenceModel}, concurrency and bad
 * input. Every test gets a fresh store from `createStore` and a manual clock; nothing
 * sleeps. Call it at the top level of a store's test file.
 *
 * @example describeStoreConformance({ name: 'sqlite', createStore: () => createSqliteStore() });
 */
export function describeStoreConformance(options: ConformanceOptions): void {
  describe(`store conformance: ${options.name}`, () => {
    describeSessions(options);
    describeSessionsListing(options);
    describeExclusivity(options);
    describeBackoff(options);
    describeClearBackoff(options);
    describeZombies(options);
    describeWorkLifecycle(options);
    describeMachines(options);
    describeHistory(options);
    describeBulkWrites(options);
    describeInstallation(options);
    describeProcessDiscovery(options);
    describeFilters(options);
    describeStats(options);
    describeConcurrency(options);
    describeWorkMany(options);
    describeFinishMany(options);
    describeScanBudget(options);
    describeWakeUps(options);
    describeBadInput(options);
    describeModelRun(options);
  });
}
