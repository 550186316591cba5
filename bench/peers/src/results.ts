import type { PeerSystem } from './system.js';
import type { DrainResult } from './workloads/drain.js';
import type { IdleResult } from './workloads/idle.js';
import type { LatencyResult } from './workloads/latency.js';

/** A measurement's result, or why it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Everything measured of one system in a run. */
export interface SystemResults {
  system: PeerSystem;
  /** By concurrency. */
  drain: Map<number, Outcome<DrainResult>>;
  latency: Outcome<LatencyResult> | undefined;
  /** Embedded stores: the latency with the producer in the worker's process. */
  latencyInProcess: Outcome<LatencyResult> | undefined;
  idle: Outcome<IdleResult> | undefined;
}

/** Runs `measure`, keeping a failure as an outcome (one system failing does not end the run). */
export async function outcome<T>(measure: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await measure() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

/** The value of an outcome, or undefined when it failed or was not run. */
export function measured<T>(result: Outcome<T> | undefined): T | undefined {
  return result?.ok ? result.value : undefined;
}

/**
 * What went wrong in a run beyond slowness: failed measurements, items left not done, items
 * handled twice or never reached. Empty when every item of every measurement went through once.
 */
export function problems(results: readonly SystemResults[], items: number): string[] {
  const found: string[] = [];
  for (const { system, drain, latency, latencyInProcess, idle } of results) {
    for (const [concurrency, result] of drain) {
      const where = `${system.label}, drain ×${concurrency}`;
      if (!result.ok) found.push(`${where}: failed: ${result.error}`);
      else {
        const { handled, outstanding, complete } = result.value;
        if (!complete) found.push(`${where}: not finished before the deadline`);
        if (handled !== items) found.push(`${where}: ${handled} handler starts for ${items} items`);
        if (outstanding !== 0) found.push(`${where}: ${outstanding} items not done afterwards`);
      }
    }
    for (const [where, result] of [
      [`${system.label}, latency`, latency],
      [`${system.label}, one-process latency`, latencyInProcess],
    ] as const) {
      if (result !== undefined && !result.ok) found.push(`${where}: failed: ${result.error}`);
      else if (result?.ok) {
        const { produced, received, outstanding } = result.value;
        if (received !== produced) found.push(`${where}: ${received} of ${produced} items seen`);
        if (outstanding !== 0) found.push(`${where}: ${outstanding} items not done afterwards`);
      }
    }
    if (idle !== undefined && !idle.ok) found.push(`${system.label}, idle: failed: ${idle.error}`);
  }
  return found;
}

/** Drain rate at `concurrency`, if that drain went through (every item done before the deadline). */
export function drainRate(result: SystemResults | undefined, concurrency: number): number | undefined {
  const drain = measured(result?.drain.get(concurrency));
  return drain?.complete ? drain.perSecond : undefined;
}
