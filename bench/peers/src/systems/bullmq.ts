/**
 * BullMQ: items are jobs of one queue under a key prefix of their own, worked by a `Worker`
 * with `concurrency` (its throughput setting). Completed jobs are kept, as by default.
 */
import { Queue, Worker } from 'bullmq';
import type { Consumer, PeerContext, PeerSystem, Producer } from '../system.js';
import { packageVersion } from '../versions.js';
import { inBatches } from './in-batches.js';

const QUEUE = 'bench';
const SEED_BATCH = 1000;

function options(context: PeerContext) {
  // Workers need maxRetriesPerRequest: null (their blocking commands must not time out).
  return {
    connection: { url: context.redisUrl, maxRetriesPerRequest: null },
    prefix: `bull-${context.namespace}`,
  };
}

async function openProducer(context: PeerContext): Promise<Producer> {
  const queue = new Queue(QUEUE, options(context));
  await queue.waitUntilReady();
  return {
    seed: (count) =>
      inBatches(count, SEED_BATCH, (size) =>
        queue.addBulk(Array.from({ length: size }, () => ({ name: QUEUE, data: {} }))),
      ),
    async produce(sentAtUs) {
      await queue.add(QUEUE, { sentAtUs });
    },
    async outstanding() {
      const counts = await queue.getJobCounts(
        'wait',
        'active',
        'delayed',
        'prioritized',
        'waiting-children',
        'failed',
      );
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
    },
  };
}

async function openConsumer(context: PeerContext): Promise<Consumer> {
  let worker: Worker | undefined;
  return {
    async start(onItem) {
      worker = new Worker(
        QUEUE,
        async (job) => {
          const sent = (job.data as { sentAtUs?: unknown }).sentAtUs;
          onItem(typeof sent === 'number' ? sent : undefined);
        },
        { ...options(context), concurrency: context.concurrency },
      );
      worker.on('error', (error) => console.warn(`bullmq worker: ${error.message}`));
    },
    async stop() {
      await worker?.close();
    },
  };
}

/** BullMQ on Redis. */
export const bullmqSystem: PeerSystem = {
  id: 'bullmq',
  label: 'BullMQ',
  store: 'Redis',
  embedded: false,
  version: `bullmq ${packageVersion('bullmq')}`,
  settings:
    'Worker with `concurrency`, defaults otherwise (completed jobs kept, drainDelay 5 s blocking wait for new jobs)',
  openProducer,
  openConsumer,
};
