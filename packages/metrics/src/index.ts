export { collectMetrics, type EngineMetrics } from './collect-metrics.js';
export type { MetricsOptions } from './metrics-options.js';
