import { setTimeout as sleep } from 'node:timers/promises';
import { nowUs } from '../clock.js';
import { measurementContext, type RunServers } from '../context.js';
import { serverCpuUs } from '../server-cpu.js';
import type { PeerSystem, Producer } from '../system.js';
import { WorkerChild } from '../worker-child.js';

/** What one drain measured. */
export interface DrainResult {
  /**
   * Items per second after the warm-up: from the `warmup`-th handler start until the store
   * shows every item done.
   */
  perSecond: number;
  /** Handler starts the worker saw (more than seeded: an item ran twice). */
  handled: number;
  /** Items the store still holds as not done after the worker stopped (0 when all went through). */
  outstanding: number;
  /** Whether every item was done before the deadline. */
  complete: boolean;
  /**
   * CPU per item over the whole drain, warm-up included, µs: the worker process's, and its
   * server's (undefined for an embedded store; see `serverCpuUs`).
   */
  cpuPerItemUs: { worker: number; server: number | undefined };
}

/** Options of {@link measureDrain}. */
export interface DrainOptions {
  /** Items seeded. */
  items: number;
  /** The first this many are not timed (connections, JIT, first fetches). */
  warmup: number;
  concurrency: number;
  /** Give up (and report what got done) after this long. */
  deadlineMs: number;
}

/** How often the store is asked whether every item is done, once the last handler started. */
const DONE_POLL_MS = 5;

/**
 * Drain: seeds `items` eligible items (not timed), then one worker child with `concurrency`
 * works them with a no-op handler. The rate is timed from the `warmup`-th handler start until
 * the store shows every item done (polled from the last handler start on), so a system pays
 * for every fetch in the window and for completions it writes late (batched or not awaited).
 */
export async function measureDrain(
  system: PeerSystem,
  servers: RunServers,
  options: DrainOptions,
): Promise<DrainResult> {
  const context = measurementContext(system, servers, options.concurrency);
  const producer = await system.openProducer(context);
  try {
    await producer.seed(options.items);
    const child = await WorkerChild.open(system.id, context);
    let handled: number;
    let rate: number;
    let complete: boolean;
    let cpuPerItemUs: DrainResult['cpuPerItemUs'];
    try {
      const before = await cpuReadings(system, servers, child);
      const deadline = performance.now() + options.deadlineMs;
      await child.start({ expect: options.items, warmup: options.warmup, deadlineMs: options.deadlineMs });
      const finished = await child.finished();
      const doneUs = await allDone(producer, deadline);
      const after = await cpuReadings(system, servers, child);
      cpuPerItemUs = {
        worker: (after.worker - before.worker) / options.items,
        server:
          after.server === undefined || before.server === undefined
            ? undefined
            : (after.server - before.server) / options.items,
      };
      complete = finished.items >= options.items && doneUs !== undefined;
      const seconds = ((doneUs ?? finished.lastUs) - finished.warmUs) / 1e6;
      const timed = finished.items - Math.max(1, options.warmup);
      rate = timed > 0 && seconds > 0 ? timed / seconds : 0;
      handled = await child.stop();
    } catch (error) {
      await child.kill();
      throw error;
    }
    return { perSecond: rate, handled, outstanding: await producer.outstanding(), complete, cpuPerItemUs };
  } finally {
    await producer.close();
  }
}

/** CPU used so far by the worker child and by the system's server, µs. */
async function cpuReadings(system: PeerSystem, servers: RunServers, child: WorkerChild) {
  const [mark, server] = await Promise.all([child.mark(), serverCpuUs(system.store, servers)]);
  return { worker: mark.cpuUs, server };
}

/** When the store first shows no item outstanding (`nowUs`), or undefined at the deadline. */
async function allDone(producer: Producer, deadline: number): Promise<number | undefined> {
  while (performance.now() < deadline) {
    if ((await producer.outstanding()) === 0) return nowUs();
    await sleep(DONE_POLL_MS);
  }
  return undefined;
}
