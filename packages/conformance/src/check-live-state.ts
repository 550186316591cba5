import type { HistoryEvent, WorkInfo } from '@tagout/core';

/**
 * Checks that a history and the store's live work agree:
 * - every Started has at most one outcome (Finished, Failed, Canceled, Expired), and every
 *   outcome belongs to a Started of the same token;
 * - no live work item's token has an outcome in the history: work that history says ended
 *   must be gone from the store.
 *
 * Read the history first and the live work after it: an item that ends between the two reads
 * is then absent from `live`, while one listed in `live` cannot have ended before the history
 * was read. Returns one line per disagreement (empty when they agree). Never throws.
 */
export function checkLiveState(history: readonly HistoryEvent[], live: readonly WorkInfo[]): string[] {
  const problems: string[] = [];
  const started = new Set<number>();
  const outcomes = new Map<number, HistoryEvent[]>();
  for (const event of history) {
    if (event.event === 'Started') {
      started.add(event.token);
      continue;
    }
    const list = outcomes.get(event.token) ?? [];
    list.push(event);
    outcomes.set(event.token, list);
  }
  for (const [token, list] of outcomes) {
    if (!started.has(token)) problems.push(`token ${token}: ${list[0]?.event} without a Started`);
    if (list.length > 1)
      problems.push(`token ${token}: ${list.length} outcomes (${list.map((e) => e.event).join(', ')})`);
  }
  for (const work of live) {
    const ended = outcomes.get(work.token)?.[0];
    if (ended !== undefined) {
      problems.push(
        `token ${work.token}: live work of session ${work.sessionId} on ${work.machineId}/${work.process}, yet history says ${ended.event} (session ${ended.sessionId})`,
      );
    }
  }
  return problems;
}
