import { type Engine, openEngine, type Session, type Store } from '@tagout/core';

/** The processes of the test fleet. */
export const PROCESSES = ['AgentStart', 'Recovery'] as const;

/** A tag value that would inject elements if anything rendered it as HTML. */
export const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** The cause of the failed machine's AgentStart failure (markup in it must show as text too). */
export const FAILURE_CAUSE = 'BMC unreachable: <b>timeout</b> after 30 s';

/** A small fleet in every state the operator tools show, held by an open engine. */
export interface SeededFleet {
  engine: Engine;
  /** Provided, AgentStart finished (AgentStarted set). */
  finished: string;
  /** Provided, AgentStart failed: active backoff with {@link FAILURE_CAUSE}. */
  failed: string;
  /** Provided, Recovery live (held by an open session). */
  busy: string;
  /** Provided, a {@link HOSTILE} `Note` tag. */
  hostile: string;
  /** Provided only. */
  idle: string;
  /** The session holding the busy machine's work. */
  session: Session;
}

/**
 * Opens an engine on `store` and builds the fleet. The session is not heartbeated; its one
 * hour interval outlives any test. Close `engine` to release the live work.
 */
export async function seedFleet(store: Store): Promise<SeededFleet> {
  const engine = await openEngine({ store, processes: [...PROCESSES] });
  const provided = (n: number) => ({ Provided: { provider: 'equinix', providerId: `m-${n}` } });
  const finished = (await engine.createMachine({ tags: provided(1) })).id;
  const failed = (await engine.createMachine({ tags: provided(2) })).id;
  const busy = (await engine.createMachine({ tags: provided(3) })).id;
  const hostile = (await engine.createMachine({ tags: { ...provided(4), Note: HOSTILE } })).id;
  const idle = (await engine.createMachine({ tags: provided(5) })).id;
  const session = await engine.startSession({ component: 'seeder', heartbeat: false, intervalMs: 3_600_000 });
  await (await session.work('AgentStart', { machineId: finished })).finish({
    setTags: { AgentStarted: { publicKey: 'ssh-ed25519 AAAA' } },
  });
  await (await session.work('AgentStart', { machineId: failed })).fail(FAILURE_CAUSE, {
    initialMs: 3_600_000,
  });
  await session.work('Recovery', { machineId: busy });
  return { engine, finished, failed, busy, hostile, idle, session };
}
