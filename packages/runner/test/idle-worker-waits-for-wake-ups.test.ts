import { withoutSubscribe } from '@tagout/conformance';
import { type Engine, manualClock, openEngine, type Store } from '@tagout/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { NEEDS_AGENT, runUntilNoBackoff } from './support/fleet.js';
import { STORE_TARGETS } from './support/store-targets.js';
import { type CallCounts, countingStore } from './support/store-wrappers.js';
import { PROCESSES } from './support/test-engine.js';

// An idle worker waits for the engine's wake-ups, with the default safety poll (30 s): were it
// still polling, nothing here would happen within the test's time. SQLite, the store here
// that signals (Postgres and Redis join once they implement `subscribe`).

const sqlite = STORE_TARGETS.find((target) => target.name === 'sqlite')!;

/** The worker of these tests: AgentStart on machines that need an agent, default idle delay. */
const WORKER = {
  component: 'provisioner',
  process: 'AgentStart',
  where: NEEDS_AGENT,
  heartbeat: false,
} as const;

/** Lets the event loop turn a few times: a wake-up that is due has led to its claim by then. */
async function turns(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** The operations called since `before`, with how many more times. */
function changedCounts(before: CallCounts, after: CallCounts): Record<string, number> {
  const changed = [...after].filter(([operation, count]) => count !== (before.get(operation) ?? 0));
  return Object.fromEntries(
    changed.map(([operation, count]) => [operation, count - (before.get(operation) ?? 0)]),
  );
}

describe('an idle worker on SQLite', () => {
  let engine: Engine | undefined;
  let store: Store | undefined;

  /** An engine over a fresh SQLite store seen through `wrap`; the real store too. */
  async function open(wrap: (store: Store) => Store = (real) => real) {
    store = sqlite.create();
    const clock = manualClock();
    engine = await openEngine({ store: wrap(store), processes: PROCESSES, clock, onError: () => {} });
    return { engine, clock, store };
  }

  afterEach(async () => {
    await engine?.close();
    if (store !== undefined) await sqlite.destroy(store);
    engine = undefined;
    store = undefined;
  });

  it('makes no store round trips between wake-ups, and a new machine wakes it at once', async () => {
    const counts: CallCounts = new Map();
    const { engine, clock, store } = await open((real) => countingStore(real, counts));
    const bystander = await engine.createMachine();
    const worker = runWorker(engine, { ...WORKER, handle: () => ({ setTags: { AgentStarted: true } }) });
    await worker.idle();
    // The first wait subscribes; once listening it wakes once (what came before is unknown).
    await worker.idle();
    const before = new Map(counts);
    expect(before.get('subscribe')).toBe(1);

    // Work of another process ends: the store signals Recovery, which the worker does not wait for.
    const at = () => ({ now: clock.now() });
    const session = { id: crypto.randomUUID() };
    await store.createSession({
      ...session,
      component: 'operator',
      runtimeInfo: '',
      intervalMs: 60_000,
      retentionMs: 60_000,
      ...at(),
    });
    const claimed = await store.claim({
      sessionId: session.id,
      process: 'Recovery',
      blockers: ['Recovery'],
      target: { machineId: bystander.id },
      ...at(),
    });
    if (!claimed.ok) throw new Error(`claim refused: ${claimed.reason}`);
    const ref = {
      sessionId: session.id,
      machineId: bystander.id,
      process: 'Recovery',
      token: claimed.work.token,
    };
    await store.fail({ ...ref, cause: 'boom', intervalMs: 1000, delayMs: 1000, ...at() });
    await turns();
    expect(changedCounts(before, counts)).toEqual({});

    // A machine that needs an agent appears (written by another store client): the worker wakes.
    const idle = worker.idle();
    await store.createMachine({ id: crypto.randomUUID(), tags: { Provided: '{"index":0}' }, ...at() });
    await idle;
    // One claim that found it, its finish, one claim that found nothing: nothing else.
    expect(changedCounts(before, counts)).toEqual({ claimMany: 2, finish: 1 });
    await worker.stop();
    expect(worker.stats()).toMatchObject({ claimed: 1, finished: 1 });
  });

  it('wakes when the backoff it met ends: a manual clock moved there is enough', async () => {
    const { engine, clock } = await open();
    await engine.createMachine({ tags: { Provided: { index: 0 } } });
    let attempts = 0;
    const worker = runWorker(engine, {
      ...WORKER,
      backoff: { initialMs: 60_000 },
      handle: () => {
        // Twice: the second backoff ends after the engine listens (its first wait wakes once anyway).
        if (++attempts <= 2) throw new Error('BMC unreachable');
        return { setTags: { AgentStarted: true } };
      },
    });
    await runUntilNoBackoff(engine, clock, worker);

    expect(worker.stats()).toMatchObject({ claimed: 3, failed: 2, finished: 1 });
    expect(await engine.machines({ where: NEEDS_AGENT })).toEqual([]);
  });

  it('still finds work on a store that cannot signal, at its safety poll', async () => {
    const { engine } = await open((real) => withoutSubscribe(real));
    const worker = runWorker(engine, {
      ...WORKER,
      idleDelayMs: 5,
      handle: () => ({ setTags: { AgentStarted: true } }),
    });
    await worker.idle();
    const idle = worker.idle();
    await engine.createMachine({ tags: { Provided: { index: 0 } } });
    await idle;
    await worker.stop();
    expect(worker.stats()).toMatchObject({ claimed: 1, finished: 1 });
  });
});
