import type { Json, Work } from '@tagout/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { commit, pick } from './arbitraries.js';
import { expectSameOutcome } from './outcome.js';
import { SessionCommand } from './picked-commands.js';
import { type StepCommand, show } from './step-command.js';
import { type ModelWorld, type Pick, pickIndex, type RealWorld, showPick } from './world.js';

type Commit = { setTags?: Record<string, Json>; deleteTags?: string[] };

/**
 * A batched finish (`session.finishMany`) of some work items of one session (open, ended or lost
 * ones alike); the model finishes them one after the other, in input order, and each entry's
 * outcome must be what the model's finish of it says.
 */
class FinishMany extends SessionCommand {
  constructor(
    session: Pick,
    readonly entries: readonly { work: Pick; commit: Commit }[],
  ) {
    super(session);
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const session = this.target(m, r);
    const chosen = this.#chosen(m, session.id);
    const entries = chosen.map(({ position, commit }) => ({ work: r.works[position] as Work, commit }));

    const outcomes = await session.finishMany(entries);

    expect(outcomes).toHaveLength(entries.length);
    for (const [k, { position, commit }] of chosen.entries()) {
      const outcome = outcomes[k]!;
      const expected = m.model.finish(m.tokens[position] as number, commit);
      const actual = outcome.ok ? { ok: true as const, value: undefined } : outcome;
      expectSameOutcome(`${this.toString()}, entry ${k}`, actual, expected);
      expect(entries[k]!.work.done).toBe(true);
    }
  }

  /**
   * The entries as positions (in both worlds) of the session's work items, open ones preferred,
   * each work once (a later entry meaning the same work is dropped).
   */
  #chosen(m: ModelWorld, sessionId: string): { position: number; commit: Commit }[] {
    const mine = m.tokens.flatMap((token, i) => (m.model.handle(token)?.sessionId === sessionId ? [i] : []));
    if (mine.length === 0) return [];
    const open = (k: number) => m.model.handle(m.tokens[mine[k] as number] as number)?.done === false;
    const seen = new Set<number>();
    const chosen: { position: number; commit: Commit }[] = [];
    for (const { work, commit } of this.entries) {
      const position = mine[pickIndex(work, mine.length, open)] as number;
      if (seen.has(position)) continue;
      seen.add(position);
      chosen.push({ position, commit });
    }
    return chosen;
  }

  toString(): string {
    const entries = this.entries.map(({ work, commit }) => `${showPick('w', work)} ${show(commit)}`);
    return `finishMany(${showPick('s', this.session)}, [${entries.join(', ')}])`;
  }
}

/** Batched finishes. */
export const finishManyCommands = {
  finishMany: fc
    .record({
      session: pick,
      entries: fc.array(fc.record({ work: pick, commit }), { minLength: 1, maxLength: 4 }),
    })
    .map(({ session, entries }): StepCommand => new FinishMany(session, entries)),
};
