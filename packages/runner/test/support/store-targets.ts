import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';

/** A store the runner and metrics tests run against. */
export interface StoreTarget {
  /** Shown in test titles. */
  name: string;
  /** Why it cannot run here (the server is unreachable), or undefined when it can. */
  unavailable: string | undefined;
  /** A fresh, empty store. */
  create(): Store;
  /** Removes what `create` left behind, after the engine closed the store. */
  destroy(store: Store): Promise<void>;
}

/** SQLite on a real file in a fresh temporary directory per store. */
function sqliteTarget(): StoreTarget {
  const dirs = new Map<Store, string>();
  return {
    name: 'sqlite',
    unavailable: undefined,
    create() {
      const dir = mkdtempSync(join(tmpdir(), 'tagout-runner-'));
      const store = createSqliteStore({ path: join(dir, 'tagout.db') });
      dirs.set(store, dir);
      return store;
    },
    async destroy(store) {
      const dir = dirs.get(store);
      dirs.delete(store);
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every store the tests run on. */
export const STORE_TARGETS: readonly StoreTarget[] = [sqliteTarget()];
