import { describeStoreConformance, withoutClaimMany } from '@tagout/conformance';
import { createSqliteStore } from '@tagout/store-sqlite';

// The shared suite: scenarios, the model-based run, concurrency and bad input,
// each on a fresh in-memory database. TAGOUT_FC_RUNS / TAGOUT_FC_STEPS size the model run.
describeStoreConformance({ name: 'sqlite', createStore: () => createSqliteStore() });

// The same suite without the store's `claimMany`: core's fallback claims one by one.
describeStoreConformance({
  name: 'sqlite without claimMany',
  createStore: () => withoutClaimMany(createSqliteStore()),
});
