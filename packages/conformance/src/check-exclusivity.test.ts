import { type HistoryEvent, type HistoryEventKind, OPERATOR_SESSION_ID } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { checkExclusivity } from './check-exclusivity.js';

const M1 = '00000000-0000-4000-8000-000000000001';
const M2 = '00000000-0000-4000-8000-000000000002';

function ev(event: HistoryEventKind, token: number, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return {
    id: `${token}-${event}`,
    machineId: M1,
    process: 'Install',
    event,
    at: 0,
    sessionId: 's1',
    token,
    ...overrides,
  };
}

describe('checkExclusivity', () => {
  it('accepts an empty history', () => {
    expect(checkExclusivity([])).toEqual({ ok: true, problems: [] });
  });

  it('accepts every outcome closing its Started, and a Started left open at the end', () => {
    const history = [
      ev('Started', 1),
      ev('Finished', 1),
      ev('Started', 2, { sessionId: 's2' }),
      ev('Failed', 2, { sessionId: 's2', cause: 'boom' }),
      ev('Started', 3),
      ev('Canceled', 3),
      ev('Started', 4),
      ev('Started', 5, { machineId: M2 }),
      ev('Started', 6, { process: 'Recovery' }),
      ev('Expired', 4),
      ev('Started', 7, { sessionId: 's3' }),
    ];
    expect(checkExclusivity(history)).toEqual({ ok: true, problems: [] });
  });

  it("skips an operator's BackoffCleared, open pair or not", () => {
    const cleared = ev('BackoffCleared', 0, { sessionId: OPERATOR_SESSION_ID, cause: 'fixed' });
    const history = [cleared, ev('Started', 1), cleared, ev('Failed', 1, { cause: 'boom' }), cleared];
    expect(checkExclusivity(history)).toEqual({ ok: true, problems: [] });
  });

  it('refuses a Started while the pair is open', () => {
    const report = checkExclusivity([ev('Started', 1), ev('Started', 2, { sessionId: 's2' })]);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringContaining('Started while #0')]);
  });

  it('refuses an outcome with no open Started', () => {
    const report = checkExclusivity([ev('Started', 1), ev('Finished', 1), ev('Canceled', 1)]);
    expect(report.problems).toEqual([expect.stringContaining('no open Started')]);
  });

  it('accepts, in a pruned history only, an outcome as the first event of its pair', () => {
    const history = [
      ev('Finished', 1),
      ev('Failed', 2, { machineId: M2 }),
      ev('Started', 3),
      ev('Canceled', 3),
    ];
    expect(checkExclusivity(history, { pruned: true })).toEqual({ ok: true, problems: [] });
    expect(checkExclusivity(history).problems).toHaveLength(2);
    expect(checkExclusivity([...history, ev('Expired', 3)], { pruned: true }).problems).toEqual([
      '#4 Expired 00000000-0000-4000-8000-000000000001/Install token 3: no open Started to close',
    ]);
  });

  it('refuses an outcome with another token or another session', () => {
    expect(checkExclusivity([ev('Started', 1), ev('Finished', 2)]).problems).toEqual([
      expect.stringContaining('which has token 1'),
    ]);
    expect(checkExclusivity([ev('Started', 1), ev('Expired', 1, { sessionId: 's2' })]).problems).toEqual([
      expect.stringContaining('session s2 closes #0 of session s1'),
    ]);
  });

  it('refuses tokens that do not strictly increase across pairs', () => {
    const report = checkExclusivity([ev('Started', 5), ev('Started', 5, { machineId: M2 })]);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringContaining('token not greater than 5')]);
    expect(checkExclusivity([ev('Started', 5), ev('Finished', 5), ev('Started', 3)]).ok).toBe(false);
  });
});
