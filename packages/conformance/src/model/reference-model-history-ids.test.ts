import { type HistoryEvent, historyIdOfSequence, manualClock } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { ReferenceModel } from './reference-model.js';

const M1 = '00000000-0000-4000-8000-000000000001';
const POLICY = { initialMs: 60_000 };

/** The model's history as a store numbering its events from `first` would list it. */
function asStored(events: readonly HistoryEvent[], first: number): HistoryEvent[] {
  return events.map((event, i) => ({ ...event, id: historyIdOfSequence(first + i) }));
}

describe('ReferenceModel.learnHistoryIds', () => {
  it("gives each BackoffCleared (token 0, several per pair) the id of the store's event in its place", () => {
    const clock = manualClock();
    const model = new ReferenceModel({ processes: ['Install'], clock });
    let first = 1;
    const learn = () => model.learnHistoryIds(asStored(model.history(), first));
    model.createMachine(M1);
    model.startSession('s1', 3_600_000);
    model.startWork('s1', 'Install', M1, 1);
    model.fail(1, 'broken', POLICY);
    model.clearBackoff(M1, 'Install', null, false);
    learn();
    clock.advance(1_000);
    model.startWork('s1', 'Install', M1, 2);
    model.fail(2, 'broken', POLICY);
    model.clearBackoff(M1, 'Install', 'again', true);
    learn();
    expect(model.history().map((e) => [e.event, e.id])).toEqual([
      ['Started', historyIdOfSequence(1)],
      ['Failed', historyIdOfSequence(2)],
      ['BackoffCleared', historyIdOfSequence(3)],
      ['Started', historyIdOfSequence(4)],
      ['Failed', historyIdOfSequence(5)],
      ['BackoffCleared', historyIdOfSequence(6)],
    ]);

    // Once pruned, a pair's earlier BackoffCleared events no longer count in the positions.
    clock.advance(1_000);
    expect(model.pruneHistory(0)).toBe(6);
    first = 7;
    model.startWork('s1', 'Install', M1, 7);
    model.fail(7, 'broken', POLICY);
    model.clearBackoff(M1, 'Install', null, true);
    learn();
    expect(model.history().map((e) => [e.event, e.id])).toEqual([
      ['Started', historyIdOfSequence(7)],
      ['Failed', historyIdOfSequence(8)],
      ['BackoffCleared', historyIdOfSequence(9)],
    ]);
  });
});
