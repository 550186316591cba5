import type { Engine, EngineStats } from '@tagout/core';
import { Gauge } from 'prom-client';
import type { ResolvedMetricsOptions } from './metrics-options.js';
import { SharedStats } from './shared-stats.js';

/**
 * Registers the gauges read at scrape time from one `engine.stats()` call (one store
 * query), shared by all of them. When the store cannot answer, the labelled gauges have
 * no samples for that scrape and `machines` is NaN (the failure shows in
 * `store_errors_total{operation="stats"}`). Returns the gauges' names.
 */
export function statsGauges(engine: Engine, { registry, prefix }: ResolvedMetricsOptions): string[] {
  const shared = new SharedStats(engine);
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (
      stats: EngineStats | undefined,
      set: (labels: Partial<Record<L, string>>, value: number) => void,
    ) => void,
  ) => {
    new Gauge<L>({
      name: `${prefix}${name}`,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const stats = await shared.get();
        this.reset();
        read(stats, (labels, value) => this.set(labels, value));
      },
    });
    return `${prefix}${name}`;
  };
  return [
    gauge('machines', 'Machines in the store.', [], (stats, set) => set({}, stats?.machines ?? Number.NaN)),
    gauge('live_work', 'Live work items per process.', ['process'], (stats, set) => {
      for (const [process, count] of Object.entries(stats?.liveWork ?? {})) set({ process }, count);
    }),
    gauge('active_backoffs', 'Pairs in active backoff per process.', ['process'], (stats, set) => {
      for (const [process, count] of Object.entries(stats?.activeBackoffs ?? {})) set({ process }, count);
    }),
    gauge('machines_with_tag', 'Machines carrying each tag name.', ['tag'], (stats, set) => {
      for (const [tag, count] of Object.entries(stats?.tags ?? {})) set({ tag }, count);
    }),
  ];
}
