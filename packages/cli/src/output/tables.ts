import type { Backoff, HistoryEvent, SessionInfo, WorkInfo } from '@tagout/core';
import { backoffsActiveFirst, humanDuration, humanRelative, humanTime, workOldestFirst } from '@tagout/web';
import type { Style } from './paint.js';
import type { TextContext } from './report.js';
import { renderTable } from './table.js';

const EVENT_STYLES: Record<string, Style> = {
  Failed: 'red',
  Finished: 'green',
  Expired: 'yellow',
  Canceled: 'yellow',
};

/**
 * History events, oldest first (a log), with causes; `withMachine` adds the machine column,
 * `withId` the event id column (to page on with `--after` / `--before`).
 */
export function historyTable(
  events: readonly HistoryEvent[],
  text: TextContext,
  withMachine: boolean,
  withId = false,
): string {
  if (events.length === 0) return 'no history\n';
  return renderTable(
    [
      ...(withId ? [{ header: 'ID' }] : []),
      { header: 'AT' },
      ...(withMachine ? [{ header: 'MACHINE', shrink: 2 }] : []),
      { header: 'PROCESS' },
      { header: 'EVENT', style: (event: string) => EVENT_STYLES[event] },
      { header: 'TOKEN', right: true },
      { header: 'SESSION', shrink: 3 },
      { header: 'CAUSE', shrink: 1 },
    ],
    events.map((event) => [
      ...(withId ? [event.id] : []),
      humanTime(event.at),
      ...(withMachine ? [event.machineId] : []),
      event.process,
      event.event,
      String(event.token),
      event.sessionId,
      event.cause ?? '',
    ]),
    text.columns,
    text.paint,
  );
}

/** Backoffs, active ones first (soonest to end first), with time left and cause. */
export function backoffTable(backoffs: readonly Backoff[], text: TextContext, withMachine: boolean): string {
  if (backoffs.length === 0) return 'no backoffs\n';
  const sorted = backoffsActiveFirst(backoffs);
  return renderTable(
    [
      ...(withMachine ? [{ header: 'MACHINE', shrink: 1 }] : []),
      { header: 'PROCESS' },
      { header: 'STATE', style: (state: string) => (state === 'active' ? 'red' : 'dim') },
      { header: 'LEFT', right: true },
      { header: 'UNTIL' },
      { header: 'INTERVAL', right: true },
      { header: 'CAUSE', shrink: 2 },
    ],
    sorted.map((backoff) => [
      ...(withMachine ? [backoff.machineId] : []),
      backoff.process,
      backoff.active ? 'active' : 'expired',
      backoff.active ? humanDuration(backoff.until - text.now) : '-',
      humanTime(backoff.until),
      humanDuration(backoff.lastIntervalMs),
      backoff.cause,
    ]),
    text.columns,
    text.paint,
  );
}

/** Live work, the longest-running first. */
export function workTable(work: readonly WorkInfo[], text: TextContext, withMachine: boolean): string {
  if (work.length === 0) return 'no live work\n';
  const sorted = workOldestFirst(work);
  return renderTable(
    [
      ...(withMachine ? [{ header: 'MACHINE', shrink: 1 }] : []),
      { header: 'PROCESS' },
      { header: 'AGE', right: true },
      { header: 'STARTED' },
      { header: 'TOKEN', right: true },
      { header: 'SESSION', shrink: 2 },
    ],
    sorted.map((item) => [
      ...(withMachine ? [item.machineId] : []),
      item.process,
      humanDuration(text.now - item.startedAt),
      humanTime(item.startedAt),
      String(item.token),
      item.sessionId,
    ]),
    text.columns,
    text.paint,
  );
}

/**
 * Sessions in the engine's order (oldest first): component, runtime info, when created, its
 * deadline (time left, or how long ago it died), alive, live work.
 */
export function sessionTable(sessions: readonly SessionInfo[], text: TextContext): string {
  if (sessions.length === 0) return 'no sessions\n';
  return renderTable(
    [
      { header: 'SESSION', shrink: 3 },
      { header: 'COMPONENT', shrink: 2 },
      { header: 'RUNTIME', shrink: 1 },
      { header: 'CREATED' },
      { header: 'DEADLINE' },
      { header: 'LEFT', right: true },
      { header: 'ALIVE', style: (alive: string) => (alive === 'yes' ? 'green' : 'dim') },
      { header: 'LIVE WORK', right: true },
    ],
    sessions.map((session) => [
      session.id,
      session.component,
      session.runtimeInfo,
      humanRelative(session.createdAt, text.now),
      humanTime(session.deadline),
      session.alive ? humanDuration(session.deadline - text.now) : 'dead',
      session.alive ? 'yes' : 'no',
      String(session.liveWork),
    ]),
    text.columns,
    text.paint,
  );
}
