import type { HistoryEvent, Store, StoreHistoryInput } from '@tagout/core';

/**
 * The events `store.history` returns for `query` (at most 100,000 unless `limit` says otherwise),
 * for tests that read a store directly. @throws Error when the store refuses a cursor.
 */
export async function storeEvents(
  store: Store,
  query: Partial<StoreHistoryInput> = {},
): Promise<HistoryEvent[]> {
  const result = await store.history({ limit: 100_000, ...query });
  if (!result.ok) throw new Error(`store.history refused the ${result.cursor} cursor`);
  return result.events;
}
