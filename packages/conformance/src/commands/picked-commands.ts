import type { Session } from '@tagout/core';
import { StepCommand } from './step-command.js';
import { type ModelWorld, type Pick, pickMachine, pickSession, type RealWorld } from './world.js';

/** Base of the commands on one session: they make sense once a session was started. */
export abstract class SessionCommand extends StepCommand {
  constructor(readonly session: Pick) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return m.sessionIds.length > 0;
  }

  /** The engine's session the command means. @throws Error when there is none. */
  protected target(m: ModelWorld, r: RealWorld): Session {
    return realSession(m, r, this.session);
  }
}

/** Base of the commands on one machine: they make sense once a machine was created. */
export abstract class MachineCommand extends StepCommand {
  constructor(readonly machine: Pick) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return m.machineIds.length > 0;
  }

  /** The id of the machine the command means. */
  protected target(m: ModelWorld): string {
    return pickMachine(m, this.machine);
  }
}

/** The engine's session a pick means (see {@link pickSession}). @throws Error when there is none. */
export function realSession(m: ModelWorld, r: RealWorld, pick: Pick): Session {
  const session = r.sessions[pickSession(m, pick)];
  if (session === undefined) throw new Error('no session');
  return session;
}
