import type { HistoryEvent } from '@tagout/core';

/**
 * Checks a whole history (oldest first) for exclusivity: per (machine, process), every
 * Started is followed by exactly one Finished/Failed/Canceled/Expired of the same token
 * and session before the next Started, and Started tokens strictly increase across the
 * store. Returns the violations (empty when the history is sound).
 *
 * A local stand-in: the lead may swap it for `checkExclusivity` of @tagout/conformance.
 */
export function checkExclusivity(history: readonly HistoryEvent[]): string[] {
  const violations: string[] = [];
  const open = new Map<string, HistoryEvent>();
  let lastToken = Number.NEGATIVE_INFINITY;
  for (const [i, event] of history.entries()) {
    const pair = `${event.machineId}/${event.process}`;
    const holder = open.get(pair);
    if (event.event === 'Started') {
      if (holder !== undefined) violations.push(`#${i}: ${pair} started while token ${holder.token} is held`);
      if (event.token <= lastToken) violations.push(`#${i}: token ${event.token} after ${lastToken}`);
      lastToken = Math.max(lastToken, event.token);
      open.set(pair, event);
    } else if (holder === undefined) {
      violations.push(`#${i}: ${event.event} on ${pair} with nothing held`);
    } else if (holder.token !== event.token || holder.sessionId !== event.sessionId) {
      violations.push(`#${i}: ${event.event} on ${pair} ends token ${event.token}, held is ${holder.token}`);
    } else {
      open.delete(pair);
    }
  }
  for (const [pair, holder] of open) violations.push(`${pair} still held by token ${holder.token}`);
  return violations;
}
