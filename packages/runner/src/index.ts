export { FailWork, type FailWorkOptions } from './fail-work.js';
export { runWorker, type Worker } from './run-worker.js';
export type { HandlerContext, WorkerOptions, WorkHandler } from './worker-options.js';
export type { WorkerStats } from './worker-stats.js';
