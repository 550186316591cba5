import type { PeerSystem } from './system.js';

/**
 * Every system of the comparison, in table order, each loaded only when asked for (a child
 * process imports just the library it runs).
 */
const LOADERS: Record<string, () => Promise<PeerSystem>> = {
  'tagout-postgres': async () => (await import('./systems/tagout.js')).tagoutSystem('Postgres'),
  'tagout-postgres-unbatched': async () =>
    (await import('./systems/tagout.js')).tagoutSystem('Postgres', false),
  'graphile-worker': async () => (await import('./systems/graphile-worker.js')).graphileWorkerSystem(true),
  'graphile-worker-unbatched': async () =>
    (await import('./systems/graphile-worker.js')).graphileWorkerSystem(false),
  'pg-boss': async () => (await import('./systems/pg-boss.js')).pgBossSystem,
  'floor-postgres': async () => (await import('./systems/floor-postgres.js')).floorPostgresSystem,
  'tagout-redis': async () => (await import('./systems/tagout.js')).tagoutSystem('Redis'),
  'tagout-redis-unbatched': async () => (await import('./systems/tagout.js')).tagoutSystem('Redis', false),
  bullmq: async () => (await import('./systems/bullmq.js')).bullmqSystem,
  'floor-redis': async () => (await import('./systems/floor-redis.js')).floorRedisSystem,
  'tagout-sqlite': async () => (await import('./systems/tagout.js')).tagoutSystem('SQLite'),
};

/** The ids of every system, in table order. */
export const SYSTEM_IDS: readonly string[] = Object.keys(LOADERS);

/**
 * The systems a run measures unless told (`--systems`): all of them, so one run holds both
 * comparisons: tagout batched (`prefetch`, `commitBatchMs`) against graphile-worker batched (local
 * queue, batched completions), and each with its defaults. About 15 minutes on a 2-core machine.
 */
export const DEFAULT_SYSTEM_IDS: readonly string[] = SYSTEM_IDS;

/**
 * The system with this id.
 * @throws Error for an unknown id.
 */
export async function loadSystem(id: string): Promise<PeerSystem> {
  const load = LOADERS[id];
  if (load === undefined)
    throw new Error(`unknown system ${JSON.stringify(id)} (one of ${SYSTEM_IDS.join(', ')})`);
  return load();
}
