import { afterAll, beforeAll } from 'vitest';
import { PROCESSES, type SeededFleet, seedFleet } from './seed-fleet.js';
import type { StoreFixture, StoreKind } from './store-kinds.js';

/** A seeded store of one kind, filled in before the tests of the block run. */
export interface SeededStore {
  fixture: StoreFixture;
  fleet: SeededFleet;
  /** `tagout` arguments naming the store and the processes. */
  args: string[];
}

/**
 * Registers, in the calling describe block, fresh data of `kind` seeded with the test fleet
 * (beforeAll), closed and dropped afterwards (afterAll). Read the fields inside tests.
 */
export function useSeededStore(kind: StoreKind): SeededStore {
  const seeded = {} as SeededStore;
  beforeAll(async () => {
    seeded.fixture = await kind.create();
    seeded.fleet = await seedFleet(seeded.fixture.createStore());
    seeded.args = [...seeded.fixture.args, '--processes', PROCESSES.join(',')];
  });
  afterAll(async () => {
    await seeded.fleet?.engine.close();
    await seeded.fixture?.drop();
  });
  return seeded;
}
