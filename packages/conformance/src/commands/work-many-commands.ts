import { compileFilter, type Filter, type Work } from '@tagout/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { filter, pick, process } from './arbitraries.js';
import { expectSameOutcome, settle } from './outcome.js';
import { SessionCommand } from './picked-commands.js';
import { type StepCommand, show } from './step-command.js';
import { mayMissWithinBudget, recordClaim } from './work-commands.js';
import { type ModelWorld, type Pick, type RealWorld, showPick } from './world.js';

/**
 * A batched claim (`session.workMany`); the model checks the engine's choice as that of as many
 * single claims by the filter at one now: distinct machines, each a candidate, as many as
 * `limit` allows (fewer only within a store's scan budget), tokens increasing in the returned
 * order. Then it records each work as a claim of its own.
 */
class ClaimMany extends SessionCommand {
  constructor(
    session: Pick,
    readonly process: string,
    readonly where: Filter,
    readonly limit: number,
  ) {
    super(session);
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const session = this.target(m, r);
    const actual = await settle(session.workMany(this.process, { where: this.where, limit: this.limit }));
    const plan = m.model.planClaimMany(session.id, this.process, compileFilter(this.where), this.limit);
    const works = expectSameOutcome<Work[]>(this.toString(), actual, plan);
    if (!plan.ok || works === undefined) return;
    const ids = works.map((work) => work.machine.id);
    expect(new Set(ids).size, 'no machine twice in a batch').toBe(ids.length);
    for (const id of ids) expect(plan.value.candidates, 'every claimed machine is eligible').toContain(id);
    const { count } = plan.value;
    if (mayMissWithinBudget(m, r)) expect(works.length).toBeLessThanOrEqual(count);
    else expect(works.length, 'as many as limit and the eligible machines allow').toBe(count);
    for (const work of works) recordClaim(m, r, session.id, this.process, work);
  }

  toString(): string {
    return `workMany(${showPick('s', this.session)}, ${this.process}, where ${show(this.where)}, limit ${this.limit})`;
  }
}

/** Batch sizes: one, a few, and more than the model's fleets hold. */
const limit = fc.constantFrom(1, 2, 3, 5, 1000);

/** Batched claims by filter. */
export const workManyCommands = {
  claimMany: fc
    .record({ session: pick, process, where: filter, limit })
    .map(({ session, process, where, limit }): StepCommand => new ClaimMany(session, process, where, limit)),
};
