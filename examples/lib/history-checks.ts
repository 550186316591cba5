import type { HistoryEvent } from '@tagout/core';

/**
 * Checks, from the history alone (oldest first), that no (machine, process) pair ever
 * had two live holders: per pair, every Started is closed by exactly one Finished,
 * Failed, Canceled or Expired of the same token before the next Started, and tokens of
 * Started events strictly increase. Returns the violations (empty: the check passed).
 *
 * Stand-in until `checkExclusivity` from `@tagout/conformance` is available.
 */
export function checkExclusivity(events: readonly HistoryEvent[]): string[] {
  const open = new Map<string, number>();
  const violations: string[] = [];
  let lastToken = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    const pair = `${event.machineId}/${event.process}`;
    const held = open.get(pair);
    if (event.event === 'Started') {
      if (held !== undefined) violations.push(`${pair}: token ${event.token} started while ${held} was live`);
      if (event.token <= lastToken) violations.push(`${pair}: token ${event.token} not above ${lastToken}`);
      lastToken = Math.max(lastToken, event.token);
      open.set(pair, event.token);
    } else if (held !== event.token) {
      violations.push(`${pair}: ${event.event} of token ${event.token} while ${held ?? 'nothing'} was live`);
    } else {
      open.delete(pair);
    }
  }
  return violations;
}

/**
 * Checks that every machine of `machineIds` has exactly one Finished event for
 * `process`, and that no other machine has one. Returns the violations.
 */
export function checkFinishedOnce(
  events: readonly HistoryEvent[],
  machineIds: readonly string[],
  process: string,
): string[] {
  const finished = new Map<string, number>();
  for (const event of events) {
    if (event.process === process && event.event === 'Finished') {
      finished.set(event.machineId, (finished.get(event.machineId) ?? 0) + 1);
    }
  }
  const violations: string[] = [];
  for (const id of machineIds) {
    const count = finished.get(id) ?? 0;
    if (count !== 1) violations.push(`machine ${id} finished ${count} times`);
    finished.delete(id);
  }
  for (const id of finished.keys()) violations.push(`unknown machine ${id} finished`);
  return violations;
}

/** Events counted by kind, in a fixed order. */
export function countByEvent(events: readonly HistoryEvent[]): Record<HistoryEvent['event'], number> {
  const counts = { Started: 0, Finished: 0, Failed: 0, Canceled: 0, Expired: 0 };
  for (const event of events) counts[event.event]++;
  return counts;
}
