import fc from 'fast-check';
import { expect } from 'vitest';
import { clearReason, pick, process, sessionsLimit } from './arbitraries.js';
import { expectSessionListing } from './compare-sessions.js';
import { expectSameOutcome, settle } from './outcome.js';
import { StepCommand, show } from './step-command.js';
import { type ModelWorld, type Pick, pickIndex, pickMachine, type RealWorld, showPick } from './world.js';

/**
 * engine.clearBackoff on a pair: with `preferUsable`, one of the stored backoffs, active or not
 * (the pick modulo their number), else the picked machine and `process`.
 */
class ClearBackoff extends StepCommand {
  constructor(
    readonly pair: Pick,
    readonly process: string,
    readonly reason: string | null,
    readonly resetInterval: boolean | undefined,
  ) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return m.machineIds.length > 0;
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const { machineId, process } = this.#target(m);
    const input = {
      machineId,
      process,
      ...(this.reason !== null && { reason: this.reason }),
      ...(this.resetInterval !== undefined && { resetInterval: this.resetInterval }),
    };
    const actual = await settle(r.t.engine.clearBackoff(input));
    const expected = m.model.clearBackoff(machineId, process, this.reason, this.resetInterval ?? false);
    const active = expectSameOutcome(this.toString(), actual, expected);
    if (expected.ok) expect(active, `${this.toString()}: whether it was active`).toBe(expected.value);
    if (expected.ok) {
      const [left] = await r.t.engine.backoffs({ machineId, process, activeOnly: true });
      expect(left, 'P2 a cleared pair is not in active backoff').toBeUndefined();
    }
  }

  #target(m: ModelWorld): { machineId: string; process: string } {
    const backoffs = m.model.backoffs();
    if (this.pair.preferUsable && backoffs.length > 0) {
      const backoff = backoffs[pickIndex(this.pair, backoffs.length, () => true)];
      if (backoff !== undefined) return { machineId: backoff.machineId, process: backoff.process };
    }
    return { machineId: pickMachine(m, this.pair), process: this.process };
  }

  toString(): string {
    const options = show({ reason: this.reason ?? undefined, resetInterval: this.resetInterval });
    return `clearBackoff(${showPick('b', this.pair)}, ${this.process}, ${options})`;
  }
}

/** engine.sessions: the listing the model allows (see expectSessionListing). */
class ListSessions extends StepCommand {
  constructor(
    readonly aliveOnly: boolean | undefined,
    readonly limit: number | undefined,
  ) {
    super();
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const query = {
      ...(this.aliveOnly !== undefined && { aliveOnly: this.aliveOnly }),
      ...(this.limit !== undefined && { limit: this.limit }),
    };
    const listed = await r.t.engine.sessions(query);
    expectSessionListing(this.toString(), listed, m.model, {
      aliveOnly: this.aliveOnly ?? false,
      limit: this.limit ?? 1000,
    });
  }

  toString(): string {
    return `sessions(${show({ aliveOnly: this.aliveOnly, limit: this.limit })})`;
  }
}

/** An operator's commands: clearing backoffs, listing sessions. */
export const operatorCommands = {
  clearBackoff: fc
    .record({
      pair: pick,
      process,
      reason: clearReason,
      resetInterval: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(
      ({ pair, process, reason, resetInterval }): StepCommand =>
        new ClearBackoff(pair, process, reason, resetInterval),
    ),
  sessions: fc
    .record({ aliveOnly: fc.option(fc.boolean(), { nil: undefined }), limit: sessionsLimit })
    .map(({ aliveOnly, limit }): StepCommand => new ListSessions(aliveOnly, limit)),
};
