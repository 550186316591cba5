import type { HistoryEvent } from '@tagout/core';

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
  const counts = { Started: 0, Finished: 0, Failed: 0, Canceled: 0, Expired: 0, BackoffCleared: 0 };
  for (const event of events) counts[event.event]++;
  return counts;
}
