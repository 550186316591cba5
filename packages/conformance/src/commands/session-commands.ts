import fc from 'fast-check';
import { expect } from 'vitest';
import type { ModelSessionStart } from '../model/reference-model.js';
import { advanceMs, pick, sessionIntervalMs, sessionStart } from './arbitraries.js';
import { expectSameOutcome, settle } from './outcome.js';
import { SessionCommand } from './picked-commands.js';
import { StepCommand, show } from './step-command.js';
import { type ModelWorld, type RealWorld, showPick } from './world.js';

class StartSession extends StepCommand {
  constructor(
    readonly intervalMs: number,
    readonly start: ModelSessionStart,
  ) {
    super();
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const session = await r.t.session({ intervalMs: this.intervalMs, ...this.start });
    const expected = m.model.startSession(session.id, this.intervalMs, this.start);
    if (expected.ok) expect(session.deadline).toBe(expected.value.deadline);
    r.sessions.push(session);
    m.sessionIds.push(session.id);
  }

  toString(): string {
    return `startSession(${this.intervalMs} ms, ${show(this.start)})`;
  }
}

class Heartbeat extends SessionCommand {
  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const session = this.target(m, r);
    const actual = await settle(session.heartbeat());
    const expected = m.model.heartbeat(session.id);
    expectSameOutcome(this.toString(), actual, expected);
    if (expected.ok) expect(session.deadline).toBe(expected.value);
    else expect(session.expired, 'P6 a dead session stays expired').toBe(true);
  }

  toString(): string {
    return `heartbeat(${showPick('s', this.session)})`;
  }
}

class CloseSession extends SessionCommand {
  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const session = this.target(m, r);
    const actual = await settle(session.close());
    expectSameOutcome(this.toString(), actual, m.model.closeSession(session.id));
    expect(session.signal.aborted).toBe(true);
  }

  toString(): string {
    return `close(${showPick('s', this.session)})`;
  }
}

class AdvanceClock extends StepCommand {
  constructor(readonly ms: number) {
    super();
  }

  protected async act(_m: ModelWorld, r: RealWorld): Promise<void> {
    r.t.clock.advance(this.ms);
  }

  toString(): string {
    return `advanceClock(${this.ms} ms)`;
  }
}

/** Commands over sessions and time. */
export const sessionCommands = {
  start: fc
    .record({ ms: sessionIntervalMs, start: sessionStart })
    .map(({ ms, start }): StepCommand => new StartSession(ms, start)),
  heartbeat: pick.map((session): StepCommand => new Heartbeat(session)),
  close: pick.map((session): StepCommand => new CloseSession(session)),
  advance: advanceMs.map((ms): StepCommand => new AdvanceClock(ms)),
};
