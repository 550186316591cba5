import type { HistoryEvent } from '@tagout/core';
import { expect } from 'vitest';
import { checkExclusivity } from '../check-exclusivity.js';
import { EXCLUSIVE, readState } from '../harness.js';
import { expectSessionListing } from './compare-sessions.js';
import type { ModelWorld, RealWorld } from './world.js';

/**
 * The order of events one operation appends when it releases several work items at
 * once (close of a session, deletion of a machine) is not part of the contract: within
 * a run of consecutive Canceled or Expired events at the same instant, order by token.
 */
export function normalizeHistory(history: readonly HistoryEvent[]): HistoryEvent[] {
  const out = [...history];
  let start = 0;
  while (start < out.length) {
    const first = out[start] as HistoryEvent;
    let end = start + 1;
    const releases = first.event === 'Canceled' || first.event === 'Expired';
    while (releases && end < out.length && out[end]?.event === first.event && out[end]?.at === first.at)
      end++;
    const run = out.slice(start, end).sort((a, b) => a.token - b.token);
    out.splice(start, run.length, ...run);
    start = end;
  }
  return out;
}

/**
 * After every step: the engine's observable state equals the model's (machines with
 * tags, backoffs, live work, history, alive sessions; the model takes the store's event ids,
 * which are the store's choice, and then holds the store to them), and the properties hold on
 * what the store says:
 * P1 one backoff per pair, P3 one live holder per pair and none across an exclusive
 * group, P4 the history shape, P6 a session the engine knows expired is dead.
 */
export async function expectSameState(m: ModelWorld, r: RealWorld): Promise<void> {
  const state = await readState(r.t.engine);
  m.model.learnHistoryIds(state.history);
  expect(state.machines, 'machines').toStrictEqual(m.model.machines());
  expect(state.backoffs, 'backoffs').toStrictEqual(m.model.backoffs());
  expect(state.activeWork, 'active work').toStrictEqual(m.model.activeWork());
  expect(normalizeHistory(state.history), 'history').toStrictEqual(normalizeHistory(m.model.history()));

  const backoffPairs = state.backoffs.map((b) => `${b.machineId}/${b.process}`);
  expect(new Set(backoffPairs).size, 'P1 one backoff per pair').toBe(backoffPairs.length);
  const workPairs = state.activeWork.map((w) => `${w.machineId}/${w.process}`);
  expect(new Set(workPairs).size, 'P3 one live holder per pair').toBe(workPairs.length);
  for (const group of EXCLUSIVE) {
    for (const machine of m.machineIds) {
      const live = state.activeWork.filter(
        (w) => w.machineId === machine && group.includes(w.process as never),
      );
      expect(live.length, `P3 exclusive ${group.join('/')} on ${machine}`).toBeLessThanOrEqual(1);
    }
  }
  expect(checkExclusivity(state.history, { pruned: m.model.pruned }).problems, 'P4 history shape').toEqual(
    [],
  );
  const ids = state.history.map((event) => event.id);
  expect(new Set(ids).size, 'history ids are unique').toBe(ids.length);
  const alive = await r.t.engine.sessions({ aliveOnly: true });
  expectSessionListing('alive sessions', alive, m.model, { aliveOnly: true, limit: 1000 });
  r.sessions.forEach((session, i) => {
    if (session.expired) expect(m.model.isAlive(m.sessionIds[i] as string), `P6 ${session.id}`).toBe(false);
  });
  expect(r.t.reported, 'errors reported by the engine').toEqual([]);
}
