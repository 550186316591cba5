import type { HistoryEvent } from '@tagout/core';

/** The verdict of {@link checkExclusivity}. */
export interface ExclusivityReport {
  /** True when no problem was found. */
  ok: boolean;
  /** One line per violation, naming the event by its index in the history. */
  problems: string[];
}

/** Options of {@link checkExclusivity}. */
export interface ExclusivityOptions {
  /** Groups of processes that never run at the same time on one machine (as `openEngine` takes them). */
  exclusive?: readonly (readonly string[])[];
  /**
   * The history may have been pruned (`engine.pruneHistory`): a pair's first event may then be an
   * outcome whose Started was deleted, and is accepted. Every later event is checked as usual.
   */
  pruned?: boolean;
}

/**
 * Checks that a history is exactly the transitions of exclusive work (property P4), as
 * written by any number of processes sharing one store:
 * - per (machine, process), a Started never comes while a previous Started is open;
 * - with `exclusive` groups, a Started never comes while work of another process of its group is
 *   open on the same machine;
 * - each outcome (Finished, Failed, Canceled, Expired) closes the open Started of its
 *   pair, with the same token and session;
 * - tokens of Started events strictly increase across the whole history.
 *
 * `BackoffCleared` events (an operator's, no work item's) are skipped. A Started still open at
 * the end is fine (the work may be live), and so, with `pruned`, is an outcome that is the first
 * event of its pair. Never throws.
 */
export function checkExclusivity(
  history: readonly HistoryEvent[],
  options: ExclusivityOptions = {},
): ExclusivityReport {
  const problems: string[] = [];
  const open = new Map<string, { index: number; event: HistoryEvent }>();
  const groupsOf = (process: string) => (options.exclusive ?? []).filter((group) => group.includes(process));
  const seen = new Set<string>();
  let lastToken: { index: number; token: number } | undefined;
  history.forEach((event, index) => {
    // An operator's BackoffCleared belongs to no work item: it neither opens nor closes one.
    if (event.event === 'BackoffCleared') return;
    const pair = `${event.machineId}/${event.process}`;
    const first = !seen.has(pair);
    seen.add(pair);
    const where = `#${index} ${event.event} ${pair} token ${event.token}`;
    const started = open.get(pair);
    if (event.event === 'Started') {
      if (started !== undefined) {
        problems.push(`${where}: Started while #${started.index} (token ${started.event.token}) is open`);
      }
      for (const other of groupsOf(event.process).flat()) {
        const held = other === event.process ? undefined : open.get(`${event.machineId}/${other}`);
        if (held !== undefined)
          problems.push(`${where}: Started while exclusive ${other} #${held.index} is open`);
      }
      if (lastToken !== undefined && !(event.token > lastToken.token)) {
        problems.push(`${where}: token not greater than ${lastToken.token} of #${lastToken.index}`);
      }
      lastToken = { index, token: event.token };
      open.set(pair, { index, event });
      return;
    }
    if (started === undefined) {
      if (!(options.pruned === true && first)) problems.push(`${where}: no open Started to close`);
      return;
    }
    if (started.event.token !== event.token) {
      problems.push(`${where}: closes #${started.index} which has token ${started.event.token}`);
    }
    if (started.event.sessionId !== event.sessionId) {
      problems.push(
        `${where}: session ${event.sessionId} closes #${started.index} of session ${started.event.sessionId}`,
      );
    }
    open.delete(pair);
  });
  return { ok: problems.length === 0, problems };
}
