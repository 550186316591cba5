/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { HistoryEvent } from '@tagout/core';
import type { Context } from 'hono';
import { textParam, withParams } from '../query-params.js';

/** The page cursors of a history listing: the `before` and `after` query parameters. */
export interface HistoryCursors {
  before?: string;
  after?: string;
}

/** The `before` / `after` query parameters of the request (for `engine.history`). */
export function historyCursors(c: Context): HistoryCursors {
  const before = textParam(c, 'before');
  const after = textParam(c, 'after');
  return { ...(before !== undefined && { before }), ...(after !== undefined && { after }) };
}

/**
 * "older" / "newer" / "latest" GET links of a history page (`events` oldest first, as the engine
 * answers): older is `?before=<first id>`, newer `?after=<last id>`, latest drops both cursors.
 * Older shows when the page is full or was reached going forward; newer when the page is not
 * the latest one (reached going back, or a full page going forward).
 */
export function HistoryPager(props: {
  c: Context;
  events: readonly HistoryEvent[];
  limit: number;
  cursors: HistoryCursors;
}) {
  const { c, events, limit, cursors } = props;
  const first = events[0];
  const last = events.at(-1);
  const full = events.length >= limit;
  const paged = cursors.before !== undefined || cursors.after !== undefined;
  const older = first !== undefined && (full || cursors.after !== undefined);
  const newer = last !== undefined && (cursors.before !== undefined || (cursors.after !== undefined && full));
  if (!older && !newer && !paged) return null;
  return (
    <p class="paging">
      {newer && (
        <a rel="prev" href={withParams(c, { after: last.id, before: undefined })}>
          ← newer
        </a>
      )}
      {older && (
        <>
          {newer && ' · '}
          <a rel="next" href={withParams(c, { before: first.id, after: undefined })}>
            older →
          </a>
        </>
      )}
      {paged && (
        <>
          {(older || newer) && ' · '}
          <a href={withParams(c, { before: undefined, after: undefined })}>latest</a>
        </>
      )}
    </p>
  );
}
