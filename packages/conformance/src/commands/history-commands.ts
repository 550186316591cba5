import fc from 'fast-check';
import { expect } from 'vitest';
import type { ModelHistoryQuery } from '../model/reference-model.js';
import { pick, process } from './arbitraries.js';
import { expectSameOutcome, settle } from './outcome.js';
import { StepCommand, show } from './step-command.js';
import { type ModelWorld, type Pick, pickMachine, type RealWorld, showPick } from './world.js';

/** Which events a page is about. */
type Scope = 'all' | 'machine' | 'process' | 'pair';

/**
 * engine.history with a scope and cursors: a cursor is the id of an event the run appended
 * (pruned ones included, so a page can start from a deleted event's place; none before the first
 * event); the page must equal the model's, ids included.
 */
class PageHistory extends StepCommand {
  constructor(
    readonly scope: Scope,
    readonly machine: Pick,
    readonly process: string,
    readonly after: number | null,
    readonly before: number | null,
    readonly limit: number,
  ) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return this.scope === 'all' || this.scope === 'process' || m.machineIds.length > 0;
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const ids = m.model.historyIds();
    // No event yet: the page goes without that cursor.
    const cursor = (position: number | null) =>
      position === null || ids.length === 0 ? undefined : ids[position % ids.length];
    const after = cursor(this.after);
    const before = cursor(this.before);
    const query: ModelHistoryQuery = {
      ...((this.scope === 'machine' || this.scope === 'pair') && { machineId: pickMachine(m, this.machine) }),
      ...((this.scope === 'process' || this.scope === 'pair') && { process: this.process }),
      ...(after !== undefined && { after }),
      ...(before !== undefined && { before }),
      limit: this.limit,
    };
    const actual = await settle(r.t.engine.history(query));
    const expected = m.model.historyPage(query);
    const page = expectSameOutcome(this.toString(), actual, { ok: true, value: expected });
    expect(page, `${this.toString()} as ${show(query)}`).toStrictEqual(expected);
  }

  toString(): string {
    const scope =
      this.scope === 'all'
        ? ''
        : `${this.scope === 'process' ? '' : showPick('m', this.machine)} ${this.scope === 'machine' ? '' : this.process}`;
    const at = (position: number | null) => (position === null ? '-' : `e#${position}`);
    return `history(${scope.trim()} after ${at(this.after)} before ${at(this.before)} limit ${this.limit})`;
  }
}

/** engine.pruneHistory: the same count as the model, then (checked after every step) the same history. */
class PruneHistory extends StepCommand {
  constructor(readonly olderThanMs: number) {
    super();
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const actual = await settle(r.t.engine.pruneHistory({ olderThanMs: this.olderThanMs }));
    const expected = m.model.pruneHistory(this.olderThanMs);
    const deleted = expectSameOutcome(this.toString(), actual, { ok: true, value: expected });
    expect(deleted, this.toString()).toBe(expected);
  }

  toString(): string {
    return `pruneHistory(${this.olderThanMs} ms)`;
  }
}

const position = fc.oneof(
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.nat({ max: 40 }), weight: 2 },
);

/** Commands over the history: paging and pruning. */
export const historyCommands = {
  page: fc
    .record({
      scope: fc.constantFrom<Scope>('all', 'machine', 'process', 'pair'),
      machine: pick,
      process,
      after: position,
      before: position,
      limit: fc.constantFrom(1, 2, 3, 5, 1000),
    })
    .map(
      ({ scope, machine, process, after, before, limit }): StepCommand =>
        new PageHistory(scope, machine, process, after, before, limit),
    ),
  prune: fc
    .constantFrom(0, 1, 1_000, 10_000, 61_000, 700_000)
    .map((olderThanMs): StepCommand => new PruneHistory(olderThanMs)),
};
