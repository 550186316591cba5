import { type BackoffPolicy, compileFilter, type Filter, type Json, type Work } from '@tagout/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { cause, commit, filter, pick, policy, process } from './arbitraries.js';
import { expectSameOutcome, settle } from './outcome.js';
import { realSession } from './picked-commands.js';
import { StepCommand, show } from './step-command.js';
import {
  type ModelWorld,
  type Pick,
  pickEndedWork,
  pickMachine,
  pickWork,
  type RealWorld,
  showPick,
} from './world.js';

/**
 * What a claim means: by id, by filter, or `retry`: the pair of an earlier work item again
 * (ended ones preferred) once its backoff is over, as a worker retries what failed. Without it
 * runs seldom finish a pair that has a stored backoff (about 1 in 300 runs).
 */
type ClaimTarget = { machine: Pick } | { where: Filter } | { retry: Pick };

/** Moves the clock to the end of the pair's active backoff, if it has one (a worker waiting to retry). */
function waitOutBackoff(m: ModelWorld, r: RealWorld, machineId: string, process: string): void {
  const backoff = m.model.backoffs().find((b) => b.machineId === machineId && b.process === process);
  if (backoff !== undefined && backoff.until > r.t.clock.now()) r.t.clock.set(backoff.until);
}

/** A claim; the model checks the engine's choice and records its token. */
class Claim extends StepCommand {
  constructor(
    readonly session: Pick,
    readonly process: string,
    readonly target: ClaimTarget,
  ) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    if (m.sessionIds.length === 0) return false;
    if ('machine' in this.target) return m.machineIds.length > 0;
    return 'where' in this.target || m.tokens.length > 0;
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const session = realSession(m, r, this.session);
    let process = this.process;
    let actual: Awaited<ReturnType<typeof settle<Work | null>>>;
    let plan: ReturnType<typeof m.model.planClaim>;
    if ('where' in this.target) {
      actual = await settle(session.work(process, { where: this.target.where }));
      plan = m.model.planClaim(session.id, process, { filter: compileFilter(this.target.where) });
    } else {
      let machineId: string;
      if ('retry' in this.target) {
        const earlier = r.works[pickEndedWork(m, this.target.retry)] as Work;
        process = earlier.process;
        machineId = earlier.machine.id;
        waitOutBackoff(m, r, machineId, process);
      } else {
        machineId = pickMachine(m, this.target.machine);
      }
      actual = await settle(session.work(process, { machineId }));
      plan = m.model.planClaim(session.id, process, { machineId });
    }
    const work = expectSameOutcome(this.toString(), actual, plan);
    if (!plan.ok) return;
    if (work === null || work === undefined) {
      if (!mayMissWithinBudget(m, r)) {
        expect(plan.value.candidates, 'null only when nothing is eligible').toEqual([]);
      }
      return;
    }
    expect(plan.value.candidates, 'the claimed machine is eligible').toContain(work.machine.id);
    const backoffs = await r.t.engine.backoffs({
      machineId: work.machine.id,
      process,
      activeOnly: true,
    });
    expect(backoffs, 'P2 never claimed in active backoff').toEqual([]);
    recordClaim(m, r, session.id, process, work);
  }

  toString(): string {
    const session = showPick('s', this.session);
    if ('retry' in this.target) {
      return `claim(${session}, the pair of ${showPick('w', this.target.retry)} after its backoff)`;
    }
    const target =
      'where' in this.target ? `where ${show(this.target.where)}` : showPick('m', this.target.machine);
    return `claim(${session}, ${this.process}, ${target})`;
  }
}

/**
 * Applies a claim the engine made to the model ({@link ReferenceModel.startWork}), checks the work
 * item is what the model expects, and records it in both worlds.
 */
export function recordClaim(
  m: ModelWorld,
  r: RealWorld,
  sessionId: string,
  process: string,
  work: Work,
): void {
  const expected = m.model.startWork(sessionId, process, work.machine.id, work.token);
  expect({
    machine: work.machine,
    process: work.process,
    token: work.token,
    startedAt: work.startedAt,
    sessionId: work.sessionId,
  }).toStrictEqual(expected);
  r.works.push(work);
  m.tokens.push(work.token);
}

/**
 * Whether the store may answer a claim by filter with null although a machine is eligible:
 * only a store with a scan budget, and only when more machines exist than its budget (see
 * `Store.claim`). The model's fleets stay below the budgets stores declare for the suite.
 */
export function mayMissWithinBudget(m: ModelWorld, r: RealWorld): boolean {
  const budget = r.t.store.claimScanBudget;
  if (budget === undefined) return false;
  return m.machineIds.filter((id) => m.model.machine(id) !== null).length > budget;
}

/** Base of finish, fail and cancel: the work item a command means. */
abstract class WorkCommand extends StepCommand {
  constructor(readonly work: Pick) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return m.tokens.length > 0;
  }

  /** The engine's work item and its token. */
  protected target(m: ModelWorld, r: RealWorld): { work: Work; token: number } {
    const i = pickWork(m, this.work);
    const work = r.works[i];
    if (work === undefined) throw new Error('no work');
    return { work, token: m.tokens[i] as number };
  }
}

class Finish extends WorkCommand {
  constructor(
    work: Pick,
    readonly commit: { setTags?: Record<string, Json>; deleteTags?: string[] },
  ) {
    super(work);
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const { work, token } = this.target(m, r);
    const actual = await settle(work.finish(this.commit));
    const expected = m.model.finish(token, this.commit);
    expectSameOutcome(this.toString(), actual, expected);
    expect(work.done).toBe(true);
    if (expected.ok) {
      const left = await r.t.engine.backoffs({ machineId: work.machine.id, process: work.process });
      expect(left, 'P5 finish clears the backoff').toEqual([]);
    }
  }

  toString(): string {
    return `finish(${showPick('w', this.work)}, ${show(this.commit)})`;
  }
}

class Fail extends WorkCommand {
  constructor(
    work: Pick,
    readonly cause: { text: string; asError: boolean },
    readonly policy: BackoffPolicy | undefined,
  ) {
    super(work);
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const { work, token } = this.target(m, r);
    const cause = this.cause.asError ? new Error(this.cause.text) : this.cause.text;
    const actual = await settle(work.fail(cause, this.policy));
    const expected = m.model.fail(token, this.cause.text, this.policy);
    const backoff = expectSameOutcome(this.toString(), actual, expected);
    expect(work.done).toBe(true);
    if (expected.ok) {
      expect(backoff, 'P5 fail sets until = now + next(policy, last)').toStrictEqual(expected.value);
      const stored = await r.t.engine.backoffs({ machineId: work.machine.id, process: work.process });
      expect(stored, 'P1/P5 the one stored backoff').toStrictEqual([expected.value]);
    }
  }

  toString(): string {
    const cause = this.cause.asError ? `Error(${show(this.cause.text)})` : show(this.cause.text);
    return `fail(${showPick('w', this.work)}, ${cause}, ${show(this.policy)})`;
  }
}

class Cancel extends WorkCommand {
  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const { work, token } = this.target(m, r);
    const pair = { machineId: work.machine.id, process: work.process };
    const before = await r.t.engine.backoffs(pair);
    const actual = await settle(work.cancel());
    expectSameOutcome(this.toString(), actual, m.model.cancel(token));
    expect(work.done).toBe(true);
    expect(await r.t.engine.backoffs(pair), 'P5 cancel keeps the backoff').toStrictEqual(before);
  }

  toString(): string {
    return `cancel(${showPick('w', this.work)})`;
  }
}

/** Commands over work: claims (by id and by filter), finish, fail, cancel. */
export const workCommands = {
  claimById: fc
    .record({ session: pick, process, machine: pick })
    .map(({ session, process, machine }): StepCommand => new Claim(session, process, { machine })),
  claimRetry: fc
    .record({ session: pick, work: pick })
    .map(({ session, work }): StepCommand => new Claim(session, '', { retry: work })),
  claimByFilter: fc
    .record({ session: pick, process, where: filter })
    .map(({ session, process, where }): StepCommand => new Claim(session, process, { where })),
  finish: fc.record({ work: pick, commit }).map(({ work, commit }): StepCommand => new Finish(work, commit)),
  fail: fc
    .record({ work: pick, cause, policy })
    .map(({ work, cause, policy }): StepCommand => new Fail(work, cause, policy)),
  cancel: pick.map((work): StepCommand => new Cancel(work)),
};
