import {
  type Engine,
  type ManualClock,
  manualClock,
  openEngine,
  type Session,
  type Store,
  type TagoutError,
} from '@tagout/core';
import { onTestFinished } from 'vitest';
import { readAllHistory } from './read-all-history.js';
import type { GroupSelection } from './select-groups.js';
import type { StoreLimits } from './store-limits.js';

/** Options of `describeStoreConformance`. */
export interface ConformanceOptions {
  /** The store's name in test titles, e.g. 'sqlite'. */
  name: string;
  /** A fresh, empty store for each test and each model run. */
  createStore: () => Store | Promise<Store>;
  /** Called after the engine closed the store: drop schemas, keys, files. */
  destroyStore?: (store: Store) => void | Promise<void>;
  /**
   * Another instance of the store on the same data as `store` (the same file, schema or
   * namespace), as a second process would open it. Turns on the tests where two engines share
   * one store (a signal of one wakes the other). Its engine is closed before `destroyStore(store)`.
   */
  createPeer?: (store: Store) => Store | Promise<Store>;
  /** Which groups run (default: all). An unknown group name is refused when the suite registers. */
  groups?: GroupSelection;
  /** What the store cannot do, where the suite would otherwise test it (default: no limits). */
  limits?: StoreLimits;
}

/** The processes every engine of the suite accepts. */
export const PROCESSES = ['AgentStart', 'Recovery', 'Install'] as const;
/** Recovery and Install never run at the same time on one machine. */
export const EXCLUSIVE = [['Recovery', 'Install']] as const;

/** An engine over a fresh store, driven by a manual clock. */
export interface TestEngine {
  engine: Engine;
  clock: ManualClock;
  /** The real store (not the wrapped one the engine may use). */
  store: Store;
  /** Errors the engine could not throw (cancel, background heartbeats). */
  reported: TagoutError[];
  /** A session without background heartbeats (time only moves through the clock). */
  session(options?: { intervalMs?: number; component?: string; runtimeInfo?: string }): Promise<Session>;
  /** Closes the engine, then lets the store author drop what the store left. Idempotent. */
  dispose(): Promise<void>;
}

/** How a test opens its engine. */
export interface TestEngineOptions {
  /** Wraps the real store for the engine (a proxy that hides or records something); `store` stays the real one. */
  wrap?: (store: Store) => Store;
  /** The engine's processes instead of {@link PROCESSES} (with `exclusive` instead of {@link EXCLUSIVE}). */
  processes?: readonly string[];
  /** The engine's exclusive groups instead of {@link EXCLUSIVE}. */
  exclusive?: readonly (readonly string[])[];
}

/** Opens an engine over a fresh store of the store under test. */
export async function openTestEngine(
  options: ConformanceOptions,
  engineOptions: TestEngineOptions = {},
): Promise<TestEngine> {
  const store = await options.createStore();
  const clock = manualClock();
  const reported: TagoutError[] = [];
  const engine = await openEngine({
    store: engineOptions.wrap?.(store) ?? store,
    processes: engineOptions.processes ?? PROCESSES,
    exclusive: engineOptions.exclusive ?? EXCLUSIVE,
    clock,
    onError: (error) => reported.push(error),
  });
  let disposing: Promise<void> | undefined;
  return {
    engine,
    clock,
    store,
    reported,
    session: (session = {}) =>
      engine.startSession({
        component: session.component ?? 'conformance',
        ...(session.runtimeInfo !== undefined && { runtimeInfo: session.runtimeInfo }),
        intervalMs: session.intervalMs ?? 30_000,
        heartbeat: false,
      }),
    dispose() {
      disposing ??= (async () => {
        await engine.close();
        await options.destroyStore?.(store);
      })();
      return disposing;
    },
  };
}

/** Opens a test engine that is disposed when the current test finishes. */
export async function useTestEngine(
  options: ConformanceOptions,
  engineOptions: TestEngineOptions = {},
): Promise<TestEngine> {
  const opened = await openTestEngine(options, engineOptions);
  onTestFinished(() => opened.dispose());
  return opened;
}

/** Runs `promise` and returns what it rejected with. @throws Error if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The observable state of an engine: what the model run and the bad-input tests compare (all of it, not a page). */
export async function readState(engine: Engine) {
  const [machines, backoffs, activeWork, history] = await Promise.all([
    engine.machines({ limit: 100_000 }),
    engine.backoffs({ limit: 100_000 }),
    engine.activeWork({ limit: 100_000 }),
    readAllHistory(engine),
  ]);
  return { machines, backoffs, activeWork, history };
}

/** The type of {@link readState}'s result. */
export type ObservableState = Awaited<ReturnType<typeof readState>>;
