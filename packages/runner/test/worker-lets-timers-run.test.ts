import { type Engine, manualClock, openEngine } from '@tagout/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { provideMachines, TEST_WORKER } from './support/fleet.js';
import { STORE_TARGETS } from './support/store-targets.js';
import { PROCESSES } from './support/test-engine.js';

// SQLite answers every call synchronously, so a loop that never yields to the macrotask queue
// would starve timers (heartbeats, the watchdog, a SIGTERM handler) forever. These tests bound
// themselves by counting claims, never by time: without yielding they fail, they do not hang.

const sqlite = STORE_TARGETS.find((target) => target.name === 'sqlite')!;

describe('a busy worker on SQLite lets timers run', () => {
  let engine: Engine | undefined;
  let store: ReturnType<typeof sqlite.create> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function open(): Promise<Engine> {
    store = sqlite.create();
    engine = await openEngine({ store, processes: PROCESSES, clock: manualClock(), onError: () => {} });
    return engine;
  }

  afterEach(async () => {
    clearInterval(timer);
    await engine?.close();
    if (store !== undefined) await sqlite.destroy(store);
    engine = undefined;
    store = undefined;
  });

  it('a timer stops a worker whose handler commits nothing (the machines stay eligible)', async () => {
    const engine = await open();
    await provideMachines(engine, 3);
    /** A safety net: without yielding, the timer never fires and this stops the worker instead. */
    const CLAIM_CAP = 5_000;
    let stoppedBy: 'timer' | 'handler' | undefined;
    let handled = 0;
    const claimsAtTicks: number[] = [];
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 2,
      handle: () => {
        if (++handled === CLAIM_CAP) {
          stoppedBy ??= 'handler';
          void worker.stop();
        }
      },
    });
    timer = setInterval(() => {
      claimsAtTicks.push(handled);
      if (claimsAtTicks.length === 5) {
        stoppedBy ??= 'timer';
        void worker.stop();
      }
    }, 0);
    await worker.done;

    expect(stoppedBy).toBe('timer');
    expect(claimsAtTicks.length).toBeGreaterThanOrEqual(5);
    // The worker ran between the ticks: it was busy, not idle, while the timer fired.
    expect(new Set(claimsAtTicks.slice(0, 5)).size).toBeGreaterThan(1);
    expect(worker.stats()).toMatchObject({ inFlight: 0, idlePolls: 0 });
    expect(worker.stats().finished).toBe(handled);
    expect(await engine.activeWork()).toEqual([]);
  });

  it('a timer fires throughout a drain of 3,000 machines', async () => {
    const engine = await open();
    const MACHINES = 3_000;
    await provideMachines(engine, MACHINES);
    let finished = 0;
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 4,
      handle: () => {
        finished++;
        return { setTags: { AgentStarted: true } };
      },
    });
    const finishedAtTicks: number[] = [];
    timer = setInterval(() => finishedAtTicks.push(finished), 0);
    await worker.idle();
    const ticksWhileDraining = finishedAtTicks.filter((count) => count < MACHINES);
    await worker.stop();

    expect(worker.stats()).toMatchObject({ finished: MACHINES, failed: 0, canceled: 0 });
    expect(await engine.machines({ where: TEST_WORKER.where })).toEqual([]);
    // Fired at many points of the drain (without yielding: not once before the worker went idle).
    expect(new Set(ticksWhileDraining).size).toBeGreaterThan(20);
    expect(ticksWhileDraining.some((count) => count < MACHINES / 2)).toBe(true);
  });
});
