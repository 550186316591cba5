import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreConformance, storeWithout } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';

// The shared suite: scenarios, filter properties, the model-based run, concurrency, wake-ups and
// bad input, each on a fresh database file (a second store on the same file is a peer, as another process's
// would be). TAGOUT_FC_RUNS / TAGOUT_FC_STEPS size the model run.
const paths = new Map<Store, string>();

describeStoreConformance({
  name: 'sqlite',
  createStore: () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tagout-conformance-')), 'tagout.db');
    const store = createSqliteStore({ path });
    paths.set(store, path);
    return store;
  },
  destroyStore: (store) => {
    const path = paths.get(store);
    paths.delete(store);
    if (path !== undefined) rmSync(join(path, '..'), { recursive: true, force: true });
  },
  createPeer: (store) => createSqliteStore({ path: paths.get(store) ?? ':memory:' }),
});

// The same suite without the store's batched operations: core's fallbacks claim and finish one by one.
// The filter properties call no batched operation: they run once, above.
describeStoreConformance({
  name: 'sqlite without claimMany and finishMany',
  createStore: () => storeWithout(createSqliteStore(), 'claimMany', 'finishMany'),
  groups: { skip: ['filter-agreement'] },
});
