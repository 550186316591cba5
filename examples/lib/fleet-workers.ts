import type { Engine } from '@tagout/core';
import { AGENT_START, AGENT_START_POLICY, NEEDS_AGENT, simulatedAgentStart } from './agent-start.js';
import { runWorkerLoop, type WorkerEvent } from './worker-loop.js';

/** Options of {@link runFleetWorkers}. */
export interface FleetWorkersOptions {
  engine: Engine;
  /** How many sessions to run, each with its own worker loop. */
  sessions: number;
  failureRate: number;
  /** Stops every loop after its current item. */
  signal: AbortSignal;
  onEvent: (event: WorkerEvent) => void;
  /** Recorded as the sessions' runtime info, e.g. 'pid 123'. */
  label: string;
}

/** How long an idle worker waits before asking again. */
const IDLE_MS = 100;

/**
 * Runs `sessions` AgentStart worker loops on one engine until no machine needs an agent
 * (or `signal` aborts), then closes the sessions. If one loop fails, the others stop and
 * the error is rethrown.
 */
export async function runFleetWorkers(options: FleetWorkersOptions): Promise<void> {
  const { engine } = options;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const handle = simulatedAgentStart(options.failureRate);
  const drained = async () => (await engine.machines({ where: NEEDS_AGENT, limit: 1 })).length === 0;
  const sessions = await Promise.all(
    Array.from({ length: options.sessions }, (_, i) =>
      engine.startSession({ component: 'fleet-demo', runtimeInfo: `${options.label} worker ${i}` }),
    ),
  );
  try {
    const results = await Promise.allSettled(
      sessions.map((session) =>
        runWorkerLoop({
          session,
          process: AGENT_START,
          where: NEEDS_AGENT,
          handle,
          policy: AGENT_START_POLICY,
          idleMs: IDLE_MS,
          drained,
          signal: stop.signal,
          onEvent: options.onEvent,
        }).catch((error: unknown) => {
          stop.abort();
          throw error;
        }),
      ),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await Promise.allSettled(sessions.map((session) => session.close()));
  }
}
