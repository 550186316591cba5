import type { HistoryEvent, HistoryEventKind, WorkInfo } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { checkLiveState } from './check-live-state.js';

const M1 = '00000000-0000-4000-8000-000000000001';

function ev(event: HistoryEventKind, token: number, sessionId = 's1'): HistoryEvent {
  return { id: `${token}-${event}`, machineId: M1, process: 'P', event, at: 0, sessionId, token };
}

function live(token: number, sessionId = 's1'): WorkInfo {
  return { machineId: M1, process: 'P', sessionId, token, startedAt: 0 };
}

describe('checkLiveState', () => {
  it('accepts live work whose Started has no outcome yet', () => {
    expect(checkLiveState([ev('Started', 1), ev('Finished', 1), ev('Started', 2)], [live(2)])).toEqual([]);
  });

  it('refuses live work whose token history says ended (the stranded-work signature)', () => {
    expect(checkLiveState([ev('Started', 7), ev('Canceled', 7)], [live(7)])).toEqual([
      expect.stringContaining('token 7: live work of session s1'),
    ]);
  });

  it('refuses a second outcome for one Started, and an outcome without a Started', () => {
    expect(
      checkLiveState([ev('Started', 1), ev('Finished', 1), ev('Canceled', 1), ev('Expired', 2)], []),
    ).toEqual([
      expect.stringContaining('token 1: 2 outcomes'),
      expect.stringContaining('token 2: Expired without a Started'),
    ]);
  });
});
