/**
 * pg-boss: items are jobs of one queue in a schema of their own, fetched in batches
 * (`batchSize`, the throughput setting of its docs) by `concurrency` polling loops (`work()`
 * called that many times: v10 has no `teamSize`).
 */

import PgBoss from 'pg-boss';
import type { Consumer, PeerContext, PeerSystem, Producer } from '../system.js';
import { packageVersion } from '../versions.js';
import { inBatches } from './in-batches.js';
import { schemaConnection } from './postgres-schema.js';

const QUEUE = 'bench';
const SEED_BATCH = 1000;
/** Jobs one fetch takes and one handler call gets. */
const BATCH_SIZE = 100;
/**
 * Its minimum. A loop waits out the interval after every fetch, even one that found jobs
 * (unless the same instance sent a job meanwhile), so a loop takes at most BATCH_SIZE jobs per
 * interval; the default 2 s would cap a loop at 50 jobs/s.
 */
const POLLING_INTERVAL_SECONDS = 0.5;

function boss(context: PeerContext, options: PgBoss.ConstructorOptions = {}): PgBoss {
  const instance = new PgBoss({
    connectionString: context.postgresUrl,
    schema: context.namespace,
    ...options,
  });
  instance.on('error', (error) => console.warn(`pg-boss: ${error.message}`));
  return instance;
}

async function openProducer(context: PeerContext): Promise<Producer> {
  // The producer only sends: maintenance and cron belong to the worker's instance.
  const producer = boss(context, { supervise: false, schedule: false });
  await producer.start();
  await producer.createQueue(QUEUE);
  const admin = schemaConnection(context.postgresUrl, context.namespace);
  return {
    seed: (count) =>
      inBatches(count, SEED_BATCH, (size) =>
        producer.insert(Array.from({ length: size }, () => ({ name: QUEUE, data: {} }))),
      ),
    async produce(sentAtUs) {
      await producer.send(QUEUE, { sentAtUs });
    },
    outstanding: () =>
      admin.count(
        `select count(*)::int as n from "${context.namespace}".job where name = $1 and state <> 'completed'`,
        [QUEUE],
      ),
    async close() {
      await producer.stop({ graceful: false, wait: true });
      await admin.drop();
    },
  };
}

async function openConsumer(context: PeerContext): Promise<Consumer> {
  // A worker's instance as its docs start one: maintenance (supervise) and cron on.
  const worker = boss(context);
  await worker.start();
  return {
    async start(onItem) {
      for (let i = 0; i < context.concurrency; i++) {
        const options = { batchSize: BATCH_SIZE, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS };
        await worker.work<{ sentAtUs?: number }>(QUEUE, options, async (jobs) => {
          for (const job of jobs) onItem(job.data?.sentAtUs);
        });
      }
    },
    async stop() {
      await worker.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/** pg-boss with batched fetches. */
export const pgBossSystem: PeerSystem = {
  id: 'pg-boss',
  label: 'pg-boss',
  store: 'Postgres',
  embedded: false,
  version: `pg-boss ${packageVersion('pg-boss')}`,
  settings: `work() called \`concurrency\` times (v10 has no teamSize), each { batchSize: ${BATCH_SIZE}, pollingIntervalSeconds: ${POLLING_INTERVAL_SECONDS} } (its minimum): up to ${BATCH_SIZE} × concurrency jobs in flight; each loop waits out the interval after every fetch, so it takes at most ${BATCH_SIZE} jobs per ${POLLING_INTERVAL_SECONDS} s; no notification across processes`,
  openProducer,
  openConsumer,
};
