import type { Engine, Filter, Json } from '@tagout/core';

/** The machines that still need an agent: provided, no AgentStarted yet. */
export const NEEDS_AGENT: Filter = { and: [{ has: 'Provided' }, { lacks: 'AgentStarted' }] };

/** Creates `count` machines tagged `Provided: { index }`; returns their ids by index. */
export async function provideMachines(engine: Engine, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const machine = await engine.createMachine({ tags: { Provided: { index } } });
    ids.push(machine.id);
  }
  return ids;
}

/** The `index` a machine was provided with. */
export function indexOf(tags: Record<string, { value: Json }>): number {
  const provided = tags.Provided?.value;
  if (typeof provided !== 'object' || provided === null || Array.isArray(provided)) {
    throw new Error('machine without a Provided tag');
  }
  const index = provided.index;
  if (typeof index !== 'number') throw new Error('Provided tag without an index');
  return index;
}

/** A promise with its resolve function, for handlers the test releases. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A handler that holds calls until the test releases them, and what the test sees of it. */
export interface HeldHandler {
  /** The handler: holds each of its first `count` calls, then commits `AgentStarted: true`. */
  handle: () => Promise<{ setTags: { AgentStarted: true } }>;
  /** Resolves once `count` calls are held at the same time. */
  allHeld: Promise<void>;
  /** Lets every held call go on. */
  releaseAll(): void;
}

/** A handler holding its first `count` calls until `releaseAll()`; later calls commit at once. */
export function heldHandler(count: number): HeldHandler {
  const releases: (() => void)[] = [];
  const allHeld = gate();
  return {
    handle: async () => {
      if (releases.length < count) {
        const release = gate();
        releases.push(() => release.open());
        if (releases.length === count) allHeld.open();
        await release.promise;
      }
      return { setTags: { AgentStarted: true } };
    },
    allHeld: allHeld.promise,
    releaseAll: () => {
      for (const release of releases) release();
    },
  };
}

/** History events by machine id, each list oldest first. */
export function eventsByMachine<E extends { machineId: string }>(history: readonly E[]): Map<string, E[]> {
  const byMachine = new Map<string, E[]>();
  for (const event of history) {
    const list = byMachine.get(event.machineId) ?? [];
    list.push(event);
    byMachine.set(event.machineId, list);
  }
  return byMachine;
}

/**
 * Lets a worker drive the fleet to the end of its backoffs: whenever the worker is idle,
 * moves the manual clock to the end of the earliest active backoff; stops the worker once
 * nothing is backed off any more (or when anything throws).
 */
export async function runUntilNoBackoff(
  engine: Engine,
  clock: { set(ms: number): void },
  worker: { idle(): Promise<void>; stop(): Promise<void> },
): Promise<void> {
  try {
    for (;;) {
      await worker.idle();
      const active = await engine.backoffs({ activeOnly: true });
      if (active.length === 0) break;
      clock.set(Math.min(...active.map((backoff) => backoff.until)));
    }
  } finally {
    await worker.stop();
  }
}

/** The runner options every test worker shares: AgentStart on NEEDS_AGENT, no background heartbeat, 1 ms idle polls. */
export const TEST_WORKER = {
  component: 'provisioner',
  process: 'AgentStart',
  where: NEEDS_AGENT,
  idleDelayMs: 1,
  heartbeat: false,
} as const;
