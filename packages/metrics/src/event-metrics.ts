import type { Engine } from '@tagout/core';
import { Counter, Histogram } from 'prom-client';
import type { ResolvedMetricsOptions } from './metrics-options.js';

const LOST_REASONS = ['session-expired', 'taken-over'] as const;

/**
 * Registers the counters and histograms fed by the engine's events and subscribes to them.
 * Returns the metric names and a function that unsubscribes.
 */
export function eventMetrics(
  engine: Engine,
  { registry, prefix, durationBuckets, latencyBuckets }: ResolvedMetricsOptions,
): { names: string[]; unsubscribe: () => void } {
  const registers = [registry];
  const names: string[] = [];
  const named = (name: string) => {
    names.push(`${prefix}${name}`);
    return `${prefix}${name}`;
  };
  const byProcess = (name: string, help: string) =>
    new Counter({ name: named(name), help, labelNames: ['process'] as const, registers });
  const claimed = byProcess('work_claimed_total', 'Work items claimed.');
  const finished = byProcess('work_finished_total', 'Work items finished (commit applied).');
  const failed = byProcess('work_failed_total', 'Work items failed (the pair went into backoff).');
  const canceled = byProcess('work_canceled_total', 'Work items canceled (backoff untouched).');
  const expired = byProcess(
    'work_expired_total',
    'Work items of dead sessions released with an Expired event.',
  );
  const lost = new Counter({
    name: named('work_lost_total'),
    help: 'finish/fail refused because the session expired or the pair was taken over.',
    labelNames: ['process', 'reason'] as const,
    registers,
  });
  const sessionExpired = new Counter({
    name: named('session_expired_total'),
    help: 'Sessions found expired (not closed on purpose).',
    labelNames: ['component'] as const,
    registers,
  });
  const storeErrors = new Counter({
    name: named('store_errors_total'),
    help: 'Store operations that failed.',
    labelNames: ['operation'] as const,
    registers,
  });
  const duration = new Histogram({
    name: named('work_duration_seconds'),
    help: 'Time from claim to finish, fail or cancel, as seen by this process.',
    labelNames: ['process', 'outcome'] as const,
    buckets: durationBuckets,
    registers,
  });
  const latency = new Histogram({
    name: named('claim_latency_seconds'),
    help: 'Time a successful claim took, as seen by this process.',
    labelNames: ['process'] as const,
    buckets: latencyBuckets,
    registers,
  });

  // Every series a dashboard expects exists from the start, at 0.
  for (const process of engine.processes) {
    for (const counter of [claimed, finished, failed, canceled, expired]) counter.inc({ process }, 0);
    for (const reason of LOST_REASONS) lost.inc({ process, reason }, 0);
  }

  const seconds = (ms: number) => ms / 1000;
  const subscriptions = [
    engine.on('claimed', ({ process, latencyMs }) => {
      claimed.inc({ process });
      latency.observe({ process }, seconds(latencyMs));
    }),
    engine.on('finished', ({ process, durationMs }) => {
      finished.inc({ process });
      duration.observe({ process, outcome: 'finished' }, seconds(durationMs));
    }),
    engine.on('failed', ({ process, durationMs }) => {
      failed.inc({ process });
      duration.observe({ process, outcome: 'failed' }, seconds(durationMs));
    }),
    engine.on('canceled', ({ process, durationMs }) => {
      canceled.inc({ process });
      duration.observe({ process, outcome: 'canceled' }, seconds(durationMs));
    }),
    engine.on('expired', ({ process }) => expired.inc({ process })),
    engine.on('lost', ({ process, reason }) => lost.inc({ process, reason })),
    engine.on('sessionExpired', ({ component }) => sessionExpired.inc({ component })),
    engine.on('storeError', ({ operation }) => storeErrors.inc({ operation })),
  ];
  return {
    names,
    unsubscribe: () => {
      for (const unsubscribe of subscriptions) unsubscribe();
    },
  };
}
