import type { Backoff, WorkInfo } from '@tagout/core';

/** Backoffs, active ones first (soonest to end first), then expired ones (latest first). */
export function backoffsActiveFirst(backoffs: readonly Backoff[]): Backoff[] {
  return [...backoffs].sort((a, b) =>
    a.active !== b.active ? (a.active ? -1 : 1) : a.active ? a.until - b.until : b.until - a.until,
  );
}

/** Live work, the longest-running first. */
export function workOldestFirst(work: readonly WorkInfo[]): WorkInfo[] {
  return [...work].sort((a, b) => a.startedAt - b.startedAt || a.token - b.token);
}
