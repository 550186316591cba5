/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { ErrorNote } from '../components/error-note.js';
import { HistoryPager, historyCursors } from '../components/history-pager.js';
import { HistoryTable } from '../components/history-table.js';
import { Layout } from '../components/layout.js';
import { MoreLink } from '../components/more-link.js';
import { numberParam, textParam, withParams } from '../query-params.js';
import { readOrRefusal } from '../read-or-refusal.js';
import type { ViewContext } from '../view-context.js';

const DEFAULT_LIMIT = 100;

/**
 * `/history?process=P&machine=ID&limit=N&before=ID&after=ID`: the most recent events (newest
 * first), filtered by process and machine, or the page before / after an event id, with
 * "older" / "newer" links. Input the engine refuses shows its ValidationError (400).
 */
export async function historyPage(c: Context, view: ViewContext): Promise<Response> {
  const process = textParam(c, 'process');
  const machineId = textParam(c, 'machine');
  const limit = numberParam(c, 'limit', DEFAULT_LIMIT);
  const cursors = historyCursors(c);
  const { value: events, error } = await readOrRefusal(
    () =>
      view.engine.history({
        ...(process !== undefined && { process }),
        ...(machineId !== undefined && { machineId }),
        ...cursors,
        limit,
      }),
    [],
  );
  const page = (
    <Layout view={view} title="History" current="/history">
      <form method="get" action={view.href('/history')} class="filter">
        <label for="process">process</label>
        <select id="process" name="process">
          <option value="">all</option>
          {view.engine.processes.map((name) => (
            <option value={name} selected={name === process}>
              {name}
            </option>
          ))}
        </select>
        <label for="machine">machine</label>
        <input id="machine" name="machine" size={36} value={machineId ?? ''} placeholder="machine id" />
        <label for="limit">limit</label>
        <input id="limit" name="limit" type="number" min="1" value={String(limit)} />
        <button type="submit">Filter</button>
      </form>
      <ErrorNote message={error} />
      <HistoryTable view={view} events={events} showMachine={true} />
      {error === undefined && <HistoryPager c={c} events={events} limit={limit} cursors={cursors} />}
      {error === undefined && (
        <MoreLink
          shown={events.length}
          limit={limit}
          moreHref={withParams(c, { limit: String(limit * 2) })}
        />
      )}
    </Layout>
  );
  return c.html(page, error === undefined ? 200 : 400);
}
