import { randomBytes } from 'node:crypto';
import { manualClock, openEngine } from '@tagout/core';
import { createRedisStore, dropRedisNamespace, namespaceBase, type Redis } from '@tagout/store-redis';
import { combine, type Measurement, measure } from '../lib/measure.js';
import { defineFloor } from './redis-floor.js';
import { seedMachines } from './redis-seed.js';

/** Machines in a cycle measurement's namespace, all eligible. */
export const CYCLE_MACHINES = 10_000;
/** Long enough that no bench session expires while the manual clock races ahead. */
const SESSION_MS = 2 ** 31 - 1;
/** The bench's claim filter. */
export const WHERE = { and: [{ has: 'Provided' }, { lacks: 'AgentStarted' }] };

/** How a cycle ends after its claim. */
export type CycleEnd = 'finish' | 'fail';

/** Where and how long the cycle loops run. */
export interface CycleOptions {
  client: Redis;
  /** A fresh namespace prefix, deleted afterwards. */
  prefix: string;
  workers: number;
  durationMs: number;
  /** Wraps the cycle loops (warm-up and timed part, not the setup), e.g. to read CPU counters. */
  around?: (loops: () => Promise<Measurement>) => Promise<Measurement>;
}

/** Runs `workers` loops of `step` at once on one client and adds their rates up. */
async function concurrently(
  workers: number,
  durationMs: number,
  step: (worker: number) => () => Promise<unknown>,
): Promise<Measurement> {
  return combine(
    await Promise.all(
      Array.from({ length: workers }, (_, worker) => measure({ durationMs, warmupMs: 500 }, step(worker))),
    ),
  );
}

/**
 * tagout cycles through the engine API: claim by {@link WHERE} then finish or fail (the
 * manual clock jumps past the 1 s backoff after each fail), one session per worker.
 */
export async function engineCycles(end: CycleEnd, options: CycleOptions): Promise<Measurement> {
  const { client, prefix, workers, durationMs } = options;
  const store = createRedisStore({ client, prefix });
  await seedMachines(client, prefix, CYCLE_MACHINES, { eligibleShare: 1 });
  const clock = manualClock();
  const engine = await openEngine({ store, processes: ['AgentStart'], clock });
  const sessions = await Promise.all(
    Array.from({ length: workers }, () =>
      engine.startSession({ component: 'bench', intervalMs: SESSION_MS, heartbeat: false }),
    ),
  );
  const around = options.around ?? ((loops) => loops());
  const result = await around(() =>
    concurrently(workers, durationMs, (worker) => async () => {
      const work = await sessions[worker]!.work('AgentStart', { where: WHERE });
      if (work === null) throw new Error('bench: nothing eligible');
      if (end === 'finish') await work.finish();
      else {
        await work.fail('bench');
        clock.advance(1001);
      }
    }),
  );
  await engine.close();
  await dropRedisNamespace(client, prefix);
  return result;
}

/** The floor's cycles (see redis-floor.ts) on random machines of {@link CYCLE_MACHINES}. */
export async function floorCycles(end: CycleEnd, options: CycleOptions): Promise<Measurement> {
  const { client, prefix, workers, durationMs } = options;
  const floor = defineFloor(client, namespaceBase(prefix));
  const ids = Array.from({ length: CYCLE_MACHINES }, () => randomBytes(16).toString('hex'));
  let token = 0;
  const around = options.around ?? ((loops) => loops());
  const result = await around(() =>
    concurrently(workers, durationMs, () => async () => {
      let id: string;
      const mine = ++token;
      do id = ids[Math.floor(Math.random() * ids.length)]!;
      while (!(await floor.claim(id, mine)));
      await (end === 'finish' ? floor.finish(id, mine) : floor.fail(id, mine));
    }),
  );
  await dropRedisNamespace(client, prefix);
  return result;
}
