import { manualClock, openEngine, ValidationError } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';
import { expect, it, onTestFinished } from 'vitest';
import { runWorker, type WorkerOptions } from '../src/index.js';

const GOOD: WorkerOptions = {
  component: 'provisioner',
  process: 'AgentStart',
  where: { lacks: 'AgentStarted' },
  handle: () => {},
};

const BAD: [field: string, options: Record<string, unknown>][] = [
  ['process', { process: 'Nope' }],
  ['component', { component: '' }],
  ['handle', { handle: 'not a function' }],
  ['concurrency', { concurrency: 0 }],
  ['concurrency', { concurrency: 1.5 }],
  ['prefetch', { prefetch: -1 }],
  ['prefetch', { prefetch: 2.5 }],
  ['prefetch', { prefetch: 1001 }],
  ['prefetch', { prefetch: '8' }],
  ['claimsPerSecond', { claimsPerSecond: 0 }],
  ['idleDelayMs', { idleDelayMs: 0 }],
  ['idleDelayMs', { idleDelayMs: Number.NaN }],
  ['commitBatchMs', { commitBatchMs: -1 }],
  ['commitBatchMs', { commitBatchMs: 1001 }],
  ['commitBatchMs', { commitBatchMs: Number.NaN }],
  ['commitBatchMs', { commitBatchMs: '5' }],
  ['sessionIntervalMs', { sessionIntervalMs: -1 }],
  ['stopTimeoutMs', { stopTimeoutMs: Number.POSITIVE_INFINITY }],
  ['heartbeat', { heartbeat: 'yes' }],
  ['backoff', { backoff: 5 }],
  ['signal', { signal: {} }],
  ['storeRetry.initialMs', { storeRetry: { initialMs: 0 } }],
  ['onIdle', { onIdle: 1 }],
  // A misspelled option is refused, never ignored (the worker would run with concurrency 1).
  ['options.concurency', { concurency: 4 }],
  ['storeRetry.initial', { storeRetry: { initial: 5 } }],
  ['storeRetry', { storeRetry: null }],
  ['backoff.initial', { backoff: { initial: 60_000 } }],
];

it('refuses bad options with a ValidationError naming the field, before touching the store', async () => {
  const engine = await openEngine({
    store: createSqliteStore(),
    processes: ['AgentStart'],
    clock: manualClock(),
  });
  onTestFinished(() => engine.close());
  for (const [field, override] of BAD) {
    let thrown: unknown;
    try {
      runWorker(engine, { ...GOOD, ...override } as WorkerOptions);
    } catch (error) {
      thrown = error;
    }
    expect({ field, thrown }).toEqual({ field, thrown: expect.any(ValidationError) });
    expect((thrown as ValidationError).field).toBe(field);
  }
  expect(() => runWorker(engine, { ...GOOD, where: { has: '' } })).toThrow(ValidationError);
  expect(await engine.history()).toEqual([]);
});
