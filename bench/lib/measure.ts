import { percentile } from './percentile.js';

/** What one timed loop measured. */
export interface Measurement {
  /** Steps completed inside the timed window. */
  ops: number;
  /** Length of the timed window. */
  seconds: number;
  /** ops / seconds. */
  perSecond: number;
  /** Median step latency, microseconds. */
  p50Us: number;
  /** 99th percentile step latency, microseconds. */
  p99Us: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Untimed steps run first for this long (JIT, caches). Default 300 ms. */
  warmupMs?: number;
  /** Timed window. */
  durationMs: number;
}

/**
 * Runs `step` back to back (awaiting each) for a warm-up, then for `durationMs`, and
 * reports the rate and latency percentiles of the timed part.
 */
export async function measure(options: MeasureOptions, step: () => unknown): Promise<Measurement> {
  const warmupEnd = performance.now() + (options.warmupMs ?? 300);
  while (performance.now() < warmupEnd) await step();
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + options.durationMs;
  let now = start;
  while (now < end) {
    const before = now;
    await step();
    now = performance.now();
    latencies.push(now - before);
  }
  const seconds = (now - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Us: percentile(latencies, 50) * 1000,
    p99Us: percentile(latencies, 99) * 1000,
  };
}

/** Combines measurements taken at the same time by parallel workers: rates add up. */
export function combine(parts: readonly Measurement[]): Measurement {
  const latencyWeighted = (pick: (m: Measurement) => number) =>
    parts.reduce((sum, m) => sum + pick(m) * m.ops, 0) /
    Math.max(
      1,
      parts.reduce((s, m) => s + m.ops, 0),
    );
  return {
    ops: parts.reduce((sum, m) => sum + m.ops, 0),
    seconds: Math.max(...parts.map((m) => m.seconds)),
    perSecond: parts.reduce((sum, m) => sum + m.perSecond, 0),
    p50Us: latencyWeighted((m) => m.p50Us),
    p99Us: Math.max(...parts.map((m) => m.p99Us)),
  };
}
