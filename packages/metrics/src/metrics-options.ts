import { ValidationError } from '@tagout/core';
import { Registry } from 'prom-client';

/** Options of `collectMetrics`. */
export interface MetricsOptions {
  /** Where the metrics are registered. Default: a new Registry (not prom-client's global one). */
  registry?: Registry;
  /** Prefix of every metric name. Default 'tagout_'. */
  prefix?: string;
  /** Buckets (seconds) of `work_duration_seconds`. Default: 10 ms to 15 min. */
  durationBuckets?: readonly number[];
  /** Buckets (seconds) of `claim_latency_seconds`. Default: 0.5 ms to 1 s. */
  latencyBuckets?: readonly number[];
}

/** {@link MetricsOptions} with defaults applied. Internal. */
export interface ResolvedMetricsOptions {
  registry: Registry;
  prefix: string;
  durationBuckets: number[];
  latencyBuckets: number[];
}

const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/** Prometheus metric name characters (the prefix may be empty). */
const PREFIX = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/;

/**
 * Checks the options of `collectMetrics` and applies the defaults.
 * @throws ValidationError for a bad prefix, registry or bucket list.
 */
export function resolveMetricsOptions(options: MetricsOptions): ResolvedMetricsOptions {
  const prefix = options.prefix ?? 'tagout_';
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new ValidationError('prefix', 'must be empty or a Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*)');
  }
  const registry = options.registry ?? new Registry();
  if (!(registry instanceof Registry))
    throw new ValidationError('registry', 'must be a prom-client Registry');
  return {
    registry,
    prefix,
    durationBuckets: buckets('durationBuckets', options.durationBuckets ?? DURATION_BUCKETS),
    latencyBuckets: buckets('latencyBuckets', options.latencyBuckets ?? LATENCY_BUCKETS),
  };
}

function buckets(field: string, value: unknown): number[] {
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((bound, i) => typeof bound === 'number' && bound > 0 && (i === 0 || bound > value[i - 1]));
  if (!ok) throw new ValidationError(field, 'must be a non-empty, increasing list of positive seconds');
  return [...(value as number[])];
}
