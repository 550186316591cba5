import type { ClaimedWork, FinishWrite, TagWrites } from '@tagout/core';

/**
 * The `Store.finishMany` entries that finish `works`, claimed by session `sessionId` for
 * `process`, each writing `setTags` and deleting nothing: for tests and benches that call a store
 * directly.
 */
export function finishWrites(
  works: readonly ClaimedWork[],
  sessionId: string,
  process: string,
  setTags: TagWrites,
): FinishWrite[] {
  return works.map(({ machine, token }) => ({
    sessionId,
    machineId: machine.id,
    process,
    token,
    setTags,
    deleteTags: [],
  }));
}
