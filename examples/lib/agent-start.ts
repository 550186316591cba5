import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { BackoffPolicy, Filter, Work, WorkCommit } from '@tagout/core';

/** The process the fleet demo runs. */
export const AGENT_START = 'AgentStart';

/** Machines that were provided and whose agent has not started yet. */
export const NEEDS_AGENT: Filter = { and: [{ has: 'Provided' }, { lacks: 'AgentStarted' }] };

/** Short, so the demo ends: 1 s, 2 s, 4 s, 4 s, ... */
export const AGENT_START_POLICY: BackoffPolicy = { initialMs: 1_000, exponent: 2, maximumMs: 4_000 };

/** Tags of a simulated, freshly provided machine. */
export function providedTags(index: number): { Provided: { provider: string; providerId: string } } {
  return { Provided: { provider: 'sim', providerId: `sim-${String(index).padStart(5, '0')}` } };
}

/**
 * Creates the simulated AgentStart handler: takes 1–5 ms, fails with probability
 * `failureRate`, and on success commits the AgentStarted tag with a made-up public key.
 */
export function simulatedAgentStart(failureRate: number): (work: Work) => Promise<WorkCommit> {
  return async (work) => {
    await delay(1 + Math.floor(Math.random() * 5));
    if (Math.random() < failureRate) {
      const providerId = readProviderId(work);
      throw new Error(`agent on ${providerId} did not answer`);
    }
    return { setTags: { AgentStarted: { publicKey: randomBytes(16).toString('hex') } } };
  };
}

function readProviderId(work: Work): string {
  const value = work.machine.tags.Provided?.value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const id = value.providerId;
    if (typeof id === 'string') return id;
  }
  return work.machine.id;
}
