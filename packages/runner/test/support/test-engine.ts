import {
  type Engine,
  type EngineEvents,
  type ManualClock,
  manualClock,
  openEngine,
  type Store,
  type TagoutError,
} from '@tagout/core';
import { describe, it, onTestFinished } from 'vitest';
import { STORE_TARGETS, type StoreTarget } from './store-targets.js';

/** The processes of every test engine. */
export const PROCESSES = ['AgentStart', 'Recovery'] as const;

/** An engine over a fresh store of one target, its time driven by a manual clock. */
export interface TestEngine {
  engine: Engine;
  clock: ManualClock;
  /** Errors the engine reported instead of throwing. */
  reported: TagoutError[];
  /** Every engine event, in order, by name. */
  events: { [K in keyof EngineEvents]: EngineEvents[K][] };
}

/** Options of {@link OpenTestEngine}. */
export interface OpenOptions {
  /** Wraps the real store (a proxy that fails some calls, or counts them). */
  wrap?: (store: Store) => Store;
}

/** Opens a test engine that is closed (and its store removed) when the test finishes. */
export type OpenTestEngine = (options?: OpenOptions) => Promise<TestEngine>;

const EVENT_NAMES = [
  'claimed',
  'finished',
  'failed',
  'canceled',
  'expired',
  'lost',
  'sessionExpired',
  'storeError',
] as const satisfies readonly (keyof EngineEvents)[];

function opener(target: StoreTarget): OpenTestEngine {
  return async (options = {}) => {
    const store = target.create();
    const clock = manualClock();
    const reported: TagoutError[] = [];
    const engine = await openEngine({
      store: options.wrap?.(store) ?? store,
      processes: PROCESSES,
      clock,
      onError: (error) => reported.push(error),
    });
    onTestFinished(async () => {
      await engine.close();
      await target.destroy(store);
    });
    const events = Object.fromEntries(
      EVENT_NAMES.map((name) => [name, []]),
    ) as unknown as TestEngine['events'];
    for (const name of EVENT_NAMES) {
      engine.on(name, (payload) => (events[name] as unknown[]).push(payload));
    }
    return { engine, clock, reported, events };
  };
}

/**
 * `describe` once per store target. A target whose server is unreachable fails under `CI`
 * and is skipped elsewhere, with one line saying why.
 */
export function describeEachStore(title: string, body: (open: OpenTestEngine) => void): void {
  for (const target of STORE_TARGETS) {
    const name = `${title} (${target.name})`;
    if (target.unavailable === undefined) {
      describe(name, () => body(opener(target)));
    } else if (process.env.CI) {
      describe(name, () => {
        it(`reaches ${target.name}`, () => {
          throw new Error(`${target.unavailable} (CI is set, so this is a failure)`);
        });
      });
    } else {
      console.log(`tagout: skipping ${name}: ${target.unavailable}`);
      describe.skipIf(true)(name, () => body(opener(target)));
    }
  }
}
