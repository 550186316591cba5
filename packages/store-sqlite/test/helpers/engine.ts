import { type Engine, type ManualClock, manualClock, openEngine } from '@tagout/core';
import { createSqliteStore } from '../../src/index.js';

/** An engine over a fresh in-memory SQLite store, with time in the test's hands. */
export interface TestEngine {
  engine: Engine;
  clock: ManualClock;
}

/**
 * Opens an engine on a new in-memory store with a manual clock.
 * Processes: Provision, Recovery, Wipe; Recovery and Wipe are mutually exclusive.
 */
export async function openTestEngine(path = ':memory:'): Promise<TestEngine> {
  const clock = manualClock();
  const engine = await openEngine({
    store: createSqliteStore({ path }),
    processes: ['Provision', 'Recovery', 'Wipe'],
    exclusive: [['Recovery', 'Wipe']],
    clock,
    onError: (error) => {
      throw error;
    },
  });
  return { engine, clock };
}
