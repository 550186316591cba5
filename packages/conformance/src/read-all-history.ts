import type { Engine, HistoryEvent, HistoryQuery } from '@tagout/core';

/** Events per page {@link readAllHistory} asks for. */
const PAGE = 1000;

/**
 * Every matching event, oldest first. `engine.history()` returns one page (the most recent 1,000
 * by default); this pages back (`before` the oldest event read) until a page comes back short.
 * Not a snapshot: an event appended during the read is missing, as if the read ended before it.
 */
export async function readAllHistory(
  engine: Engine,
  query: Omit<HistoryQuery, 'after' | 'before' | 'limit'> = {},
): Promise<HistoryEvent[]> {
  const pages: HistoryEvent[][] = [];
  let page = await engine.history({ ...query, limit: PAGE });
  for (;;) {
    pages.push(page);
    const oldest = page[0];
    if (page.length < PAGE || oldest === undefined) return pages.reverse().flat();
    page = await engine.history({ ...query, before: oldest.id, limit: PAGE });
  }
}
