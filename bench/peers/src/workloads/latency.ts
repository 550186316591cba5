import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../../../lib/percentile.js';
import { measurementContext, type RunServers } from '../context.js';
import { produceAtRate } from '../produce-at-rate.js';
import type { PeerSystem } from '../system.js';
import { WorkerChild } from '../worker-child.js';

/** What one end-to-end latency run measured. */
export interface LatencyResult {
  /** Write start → handler start, ms. */
  p50Ms: number;
  p99Ms: number;
  /** Items produced, and items whose handler started before the deadline. */
  produced: number;
  received: number;
  /** Items the store still holds as not done after the worker stopped. */
  outstanding: number;
}

/** Options of {@link measureLatency}. */
export interface LatencyOptions {
  /** Items made eligible per second, one at a time. */
  rate: number;
  /** For how long. */
  seconds: number;
  /** Time the idle worker gets after starting, before the first item (its start-up is not measured). */
  settleMs: number;
  /** After the last item, how long to wait for the worker to see it. */
  graceMs: number;
  /** Produce from the worker's own process (embedded stores) rather than from the bench process. */
  inProcess?: boolean;
}

/**
 * End-to-end latency: one worker child (concurrency 1) waits on an empty namespace; the
 * bench process (or, `inProcess`, the worker's own) makes items eligible one at a time at a
 * fixed rate, each carrying the time its write started; the worker records handler start −
 * write start (the clock is shared by every process).
 */
export async function measureLatency(
  system: PeerSystem,
  servers: RunServers,
  options: LatencyOptions,
): Promise<LatencyResult> {
  const context = measurementContext(system, servers, 1);
  const producer = await system.openProducer(context);
  try {
    const child = await WorkerChild.open(system.id, context);
    const count = Math.round(options.rate * options.seconds);
    try {
      await child.start({
        expect: count,
        deadlineMs: options.settleMs + options.seconds * 1000 + options.graceMs,
      });
      await sleep(options.settleMs);
      if (options.inProcess) child.produce(options.rate, count);
      else await produceAtRate(options.rate, count, (sentAtUs) => producer.produce(sentAtUs));
      const finished = await child.finished();
      await child.stop();
      const sorted = finished.latenciesUs.map((us) => us / 1000).sort((a, b) => a - b);
      return {
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        produced: count,
        received: finished.latenciesUs.length,
        outstanding: await producer.outstanding(),
      };
    } catch (error) {
      await child.kill();
      throw error;
    }
  } finally {
    await producer.close();
  }
}
