import type { PeerSystem } from './system.js';

/**
 * Every system of the comparison, in table order, each loaded only when asked for (a child
 * process imports just the library it runs).
 */
const LOADERS: Record<string, () => Promise<PeerSystem>> = {
  'tagout-postgres': async () => (await import('./systems/tagout.js')).tagoutSystem('Postgres'),
  'graphile-worker': async () => (await import('./systems/graphile-worker.js')).graphileWorkerSystem(true),
  'graphile-worker-unbatched': async () =>
    (await import('./systems/graphile-worker.js')).graphileWorkerSystem(false),
  'pg-boss': async () => (await import('./systems/pg-boss.js')).pgBossSystem,
  'tagout-redis': async () => (await import('./systems/tagout.js')).tagoutSystem('Redis'),
  bullmq: async () => (await import('./systems/bullmq.js')).bullmqSystem,
  'tagout-sqlite': async () => (await import('./systems/tagout.js')).tagoutSystem('SQLite'),
};

/** The ids of every system, in table order. */
export const SYSTEM_IDS: readonly string[] = Object.keys(LOADERS);

/**
 * The systems a run measures unless told (`--systems`): all but the unbatched graphile-worker
 * (its defaults, the configuration issue #14's first figures were taken with), which keeps a
 * full run under 10 minutes on a loaded 2-core machine.
 */
export const DEFAULT_SYSTEM_IDS: readonly string[] = SYSTEM_IDS.filter(
  (id) => id !== 'graphile-worker-unbatched',
);

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
