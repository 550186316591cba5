/**
 * tagout: items are machines, eligible while they lack the tag `Done`; the runner's handler
 * commits `Done`, so each machine is handled once. One module for the three stores.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Engine, LIMITS, openEngine, type Store } from '@tagout/core';
import { runWorker, type Worker } from '@tagout/runner';
import { createPostgresStore } from '@tagout/store-postgres';
import { createRedisStore, dropRedisNamespace, Redis } from '@tagout/store-redis';
import { createSqliteStore } from '@tagout/store-sqlite';
import pg from 'pg';
import type { Consumer, PeerContext, PeerSystem, Producer, StoreKind } from '../system.js';
import { packageVersion } from '../versions.js';
import { inBatches } from './in-batches.js';

const PROCESS = 'Bench';
const WHERE = { lacks: 'Done' };

/**
 * A runner option from the environment (`name`) when set, else `fallback`. Read in every process
 * (the workers run in children, which inherit the environment).
 * @throws Error for a value outside `[0, max]`.
 */
function fromEnvironment(name: string, fallback: number, max: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new Error(`${name} must be a number from 0 to ${max}, got ${text}`);
  }
  return value;
}

/**
 * The window the bench's tagout workers batch finishes in unless told (`TAGOUT_COMMIT_BATCH_MS`;
 * 0 turns batched finishes off). In the drains every handler ends at once, so a batch goes as soon
 * as all of them wait (see the runner's README) and windows of 1 to 5 ms measured the same;
 * batching doubled the Postgres drain ×8 (docs/performance.md).
 */
const commitBatchMs = () => fromEnvironment('TAGOUT_COMMIT_BATCH_MS', 2, 1000);

/**
 * Works each worker claims ahead of its free slots unless told (`TAGOUT_PREFETCH`; 0 turns it
 * off): the runner's `prefetch`, tagout's counterpart of graphile-worker's local queue.
 */
const prefetch = () => fromEnvironment('TAGOUT_PREFETCH', DEFAULT_PREFETCH, LIMITS.claimBatch);
const DEFAULT_PREFETCH = 256;

/** A store for `kind` in the context's namespace, over a connection of the bench's own. */
interface OpenedStore {
  store: Store;
  /** Closes the connection (the engine never closes one it was handed). */
  close: () => Promise<void>;
  /** Removes the namespace, then closes the connection. */
  drop: () => Promise<void>;
}

function openStore(kind: StoreKind, context: PeerContext): OpenedStore {
  if (kind === 'Postgres') {
    const pool = new pg.Pool({ connectionString: context.postgresUrl, max: context.concurrency + 2 });
    pool.on('error', () => undefined);
    return {
      store: createPostgresStore({ pool, schema: context.namespace }),
      close: () => pool.end(),
      drop: async () => {
        await pool.query(`drop schema if exists "${context.namespace}" cascade`);
        await pool.end();
      },
    };
  }
  if (kind === 'Redis') {
    const client = new Redis(context.redisUrl);
    return {
      store: createRedisStore({ client, prefix: context.namespace }),
      close: async () => client.disconnect(),
      drop: async () => {
        await dropRedisNamespace(client, context.namespace);
        client.disconnect();
      },
    };
  }
  const path = join(context.dir, `${context.namespace}.db`);
  return {
    store: createSqliteStore({ path }),
    close: async () => undefined,
    drop: async () => {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${path}${suffix}`, { force: true });
    },
  };
}

async function openProducer(kind: StoreKind, context: PeerContext): Promise<Producer> {
  const { store, drop } = openStore(kind, context);
  const engine = await openEngine({ store, processes: [PROCESS] });
  return {
    seed: (count) =>
      inBatches(count, LIMITS.bulkWrite, (size) =>
        engine.createMachines(Array.from({ length: size }, () => ({}))),
      ),
    async produce(sentAtUs) {
      await engine.createMachine({ tags: { Sent: sentAtUs } });
    },
    async outstanding() {
      const stats = await engine.stats();
      return stats.machines - (stats.tags.Done ?? 0);
    },
    async close() {
      await engine.close();
      await drop();
    },
  };
}

/** The runner's batching options: the bench's (batched), or the runner's defaults (both off). */
interface Batching {
  commitBatchMs: number;
  prefetch: number;
}

function batching(batched: boolean): Batching {
  return batched
    ? { commitBatchMs: commitBatchMs(), prefetch: prefetch() }
    : { commitBatchMs: 0, prefetch: 0 };
}

async function openConsumer(kind: StoreKind, context: PeerContext, options: Batching): Promise<Consumer> {
  const { store, close } = openStore(kind, context);
  const engine: Engine = await openEngine({ store, processes: [PROCESS] });
  let worker: Worker | undefined;
  return {
    async start(onItem) {
      worker = runWorker(engine, {
        component: 'bench-peers',
        process: PROCESS,
        where: WHERE,
        concurrency: context.concurrency,
        ...options,
        handle: (work) => {
          const sent = work.machine.tags.Sent?.value;
          onItem(typeof sent === 'number' ? sent : undefined);
          return { setTags: { Done: true } };
        },
        onError: (error) => console.warn(`tagout worker: ${String(error)}`),
      });
    },
    async stop() {
      await worker?.stop();
      await engine.close();
      await close();
    },
    async produce(sentAtUs) {
      await engine.createMachine({ tags: { Sent: sentAtUs } });
    },
    counters() {
      const stats = worker?.stats();
      return { claims: (stats?.claimed ?? 0) + (stats?.idlePolls ?? 0), idleClaims: stats?.idlePolls ?? 0 };
    },
  };
}

/**
 * tagout's runner on `kind`: `batched`, with claims ahead (`prefetch`) and batched finishes
 * (`commitBatchMs`), tagout's counterpart of graphile-worker's local queue and batched
 * completions; else with the runner's defaults (both off).
 */
export function tagoutSystem(kind: StoreKind, batched = true): PeerSystem {
  const options = batching(batched);
  const how = batched
    ? `\`commitBatchMs: ${options.commitBatchMs}\` (\`TAGOUT_COMMIT_BATCH_MS\`), \`prefetch: ${options.prefetch}\` (\`TAGOUT_PREFETCH\`)`
    : 'its defaults: no prefetch, no commit window (finishes gather only while one is on its way)';
  return {
    id: `tagout-${kind.toLowerCase()}${batched ? '' : '-unbatched'}`,
    label: `tagout · ${kind}${batched ? '' : ', unbatched'}`,
    store: kind,
    embedded: kind === 'SQLite',
    version: `@tagout/runner ${packageVersion('@tagout/runner')}`,
    settings: `runWorker, \`concurrency\` handlers in flight, ${how}, default idleDelayMs (30 s); items = machines \`where: { lacks: "Done" }\`, handler commits \`setTags: { Done: true }\``,
    openProducer: (context) => openProducer(kind, context),
    openConsumer: (context) => openConsumer(kind, context, options),
  };
}
