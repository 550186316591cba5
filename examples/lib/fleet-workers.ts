import type { Engine } from '@tagout/core';
import { runWorker, type Worker } from '@tagout/runner';
import { AGENT_START, AGENT_START_POLICY, NEEDS_AGENT, simulatedAgentStart } from './agent-start.js';

/** What the workers report, so a caller can count and display progress. */
export type WorkerEvent = 'claimed' | 'finished' | 'failed';

/** Options of {@link runFleetWorkers}. */
export interface FleetWorkersOptions {
  engine: Engine;
  /** How many workers to run, each with its own session. */
  sessions: number;
  failureRate: number;
  /** Stops every worker (running handlers are waited for). */
  signal: AbortSignal;
  onEvent: (event: WorkerEvent) => void;
  /** Recorded as the sessions' runtime info, e.g. 'pid 123'. */
  label: string;
}

/** How long an idle worker waits before asking again. */
const IDLE_MS = 100;

/**
 * Runs `sessions` AgentStart workers (`runWorker` from `@tagout/runner`) on one engine
 * until no machine needs an agent (or `signal` aborts), then stops them. Progress comes
 * from the engine's events; store failures are retried and reported by the runner.
 */
export async function runFleetWorkers(options: FleetWorkersOptions): Promise<void> {
  const { engine } = options;
  const events = ['claimed', 'finished', 'failed'] as const;
  const unsubscribe = events.map((event) => engine.on(event, () => options.onEvent(event)));
  const handle = simulatedAgentStart(options.failureRate);
  const workers = Array.from({ length: options.sessions }, (_, i) =>
    runWorker(engine, {
      component: 'fleet-demo',
      runtimeInfo: `${options.label} worker ${i}`,
      process: AGENT_START,
      where: NEEDS_AGENT,
      handle,
      backoff: AGENT_START_POLICY,
      idleDelayMs: IDLE_MS,
      signal: options.signal,
    }),
  );
  try {
    await Promise.all(workers.map((worker) => untilDrained(engine, worker)));
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    for (const off of unsubscribe) off();
  }
}

/** Resolves once the worker finds nothing to do and no machine needs an agent, or it stopped. */
async function untilDrained(engine: Engine, worker: Worker): Promise<void> {
  for (;;) {
    try {
      await worker.idle();
    } catch {
      return; // stopped (the signal aborted)
    }
    if ((await engine.machines({ where: NEEDS_AGENT, limit: 1 })).length === 0) return;
  }
}
