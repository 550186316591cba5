import type { Engine } from '@tagout/core';
import type { Registry } from 'prom-client';
import { eventMetrics } from './event-metrics.js';
import { type MetricsOptions, resolveMetricsOptions } from './metrics-options.js';
import { statsGauges } from './stats-gauges.js';

/** What `collectMetrics` returns. */
export interface EngineMetrics {
  /** The registry holding the metrics: serve `await registry.metrics()` on `/metrics`. */
  registry: Registry;
  /** Unsubscribes from the engine and removes the metrics from the registry. Idempotent. */
  close(): void;
}

/**
 * Exposes an engine as Prometheus metrics: counters of work by process and outcome,
 * sessions expired, store errors; histograms of work duration and claim latency (all fed
 * by engine events); and gauges of machines, live work, active backoffs and machines per
 * tag, read from one `engine.stats()` call per scrape.
 *
 * @throws ValidationError for bad options; Error from prom-client if the registry already
 * holds a metric of the same name (use another `prefix`).
 * @example
 * const { registry } = collectMetrics(engine);
 * http.createServer(async (_, res) => res.end(await registry.metrics())).listen(9464, '127.0.0.1');
 */
export function collectMetrics(engine: Engine, options: MetricsOptions = {}): EngineMetrics {
  const resolved = resolveMetricsOptions(options);
  const { registry } = resolved;
  const events = eventMetrics(engine, resolved);
  const gauges = statsGauges(engine, resolved);
  let open = true;
  return {
    registry,
    close() {
      if (!open) return;
      open = false;
      events.unsubscribe();
      for (const name of [...events.names, ...gauges]) registry.removeSingleMetric(name);
    },
  };
}
