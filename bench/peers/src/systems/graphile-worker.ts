/**
 * graphile-worker: items are jobs of one task in a schema of their own; its runner
 * (`run()`) works them with the batching its performance page recommends, or (the
 * `graphile-worker-unbatched` system, run on request) with its defaults.
 */
import { Logger, makeWorkerUtils, type Runner, run } from 'graphile-worker';
import type { Consumer, PeerContext, PeerSystem, Producer } from '../system.js';
import { packageVersion } from '../versions.js';
import { inBatches } from './in-batches.js';
import { schemaConnection } from './postgres-schema.js';

const TASK = 'bench';
const SEED_BATCH = 5000;
/** Jobs the pool fetches (and locks) per query: the size of the local queue on their performance page. */
const LOCAL_QUEUE_SIZE = 500;

/** Warnings and errors only: the info lines (one per job start and stop) would flood the output. */
const logger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.warn(`graphile-worker ${level}: ${message}`);
});

async function openProducer(context: PeerContext): Promise<Producer> {
  const schema = context.namespace;
  const utils = await makeWorkerUtils({ connectionString: context.postgresUrl, schema, logger });
  await utils.migrate();
  const admin = schemaConnection(context.postgresUrl, schema);
  return {
    seed: (count) =>
      inBatches(count, SEED_BATCH, (size) =>
        utils.addJobs(Array.from({ length: size }, () => ({ identifier: TASK, payload: {} }))),
      ),
    async produce(sentAtUs) {
      await utils.addJob(TASK, { sentAtUs });
    },
    // A completed job is deleted: whatever remains is queued, locked or failed.
    outstanding: () => admin.count(`select count(*)::int as n from "${schema}"._private_jobs`),
    async close() {
      await utils.release();
      await admin.drop();
    },
  };
}

/** The batching of their performance page: jobs fetched 500 at a time, completions batched. */
const BATCHING = {
  localQueue: { size: LOCAL_QUEUE_SIZE },
  completeJobBatchDelay: 0,
  failJobBatchDelay: 0,
};

async function openConsumer(context: PeerContext, batched: boolean): Promise<Consumer> {
  let runner: Runner | undefined;
  return {
    async start(onItem) {
      runner = await run({
        connectionString: context.postgresUrl,
        schema: context.namespace,
        concurrency: context.concurrency,
        // Their advice: 10 or concurrency + 2, whichever is larger.
        maxPoolSize: Math.max(10, context.concurrency + 2),
        noHandleSignals: true,
        logger,
        crontab: '',
        taskList: {
          [TASK]: (payload) => {
            const sent = (payload as { sentAtUs?: unknown }).sentAtUs;
            onItem(typeof sent === 'number' ? sent : undefined);
          },
        },
        preset: { worker: batched ? BATCHING : {} },
      });
    },
    async stop() {
      await runner?.stop();
    },
  };
}

/** graphile-worker with its recommended throughput settings (`batched`), or its defaults. */
export function graphileWorkerSystem(batched: boolean): PeerSystem {
  const common =
    'run(), concurrency = `concurrency`, maxPoolSize max(10, concurrency + 2), LISTEN/NOTIFY, default pollInterval (2 s)';
  return {
    id: batched ? 'graphile-worker' : 'graphile-worker-unbatched',
    label: batched ? 'graphile-worker' : 'graphile-worker, unbatched',
    store: 'Postgres',
    embedded: false,
    version: `graphile-worker ${packageVersion('graphile-worker')}`,
    settings: batched
      ? `${common}; localQueue.size ${LOCAL_QUEUE_SIZE}, completeJobBatchDelay 0, failJobBatchDelay 0 (the batching of its performance page)`
      : `${common}; no local queue, completions one by one (its defaults)`,
    openProducer,
    openConsumer: (context) => openConsumer(context, batched),
  };
}
