import type { Backoff, HistoryEvent, WorkInfo } from '@tagout/core';
import { backoffsActiveFirst, humanDuration, humanTime, workOldestFirst } from '@tagout/web';
import type { Style } from './paint.js';
import type { TextContext } from './report.js';
import { renderTable } from './table.js';

const EVENT_STYLES: Record<string, Style> = {
  Failed: 'red',
  Finished: 'green',
  Expired: 'yellow',
  Canceled: 'yellow',
};

/** History events, oldest first (a log), with causes; `withMachine` adds the machine column. */
export function historyTable(
  events: readonly HistoryEvent[],
  text: TextContext,
  withMachine: boolean,
): string {
  if (events.length === 0) return 'no history\n';
  return renderTable(
    [
      { header: 'AT' },
      ...(withMachine ? [{ header: 'MACHINE', shrink: 2 }] : []),
      { header: 'PROCESS' },
      { header: 'EVENT', style: (event: string) => EVENT_STYLES[event] },
      { header: 'TOKEN', right: true },
      { header: 'SESSION', shrink: 3 },
      { header: 'CAUSE', shrink: 1 },
    ],
    events.map((event) => [
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
