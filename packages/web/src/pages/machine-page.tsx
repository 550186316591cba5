/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { NotFoundError } from '@tagout/core';
import type { Context } from 'hono';
import { BackoffTable } from '../components/backoff-table.js';
import { EmptyRow } from '../components/empty-row.js';
import { HistoryPager, historyCursors } from '../components/history-pager.js';
import { HistoryTable } from '../components/history-table.js';
import { Layout } from '../components/layout.js';
import { Moment } from '../components/moment.js';
import { MoreLink } from '../components/more-link.js';
import { WorkTable } from '../components/work-table.js';
import { numberParam, withParams } from '../query-params.js';
import type { ViewContext } from '../view-context.js';

const DEFAULT_HISTORY = 50;

/**
 * `/machines/:id`: a machine's tags (values, update times), live work, backoffs (cause,
 * time left, **Retry now** on an active one) and its most recent history (`?history=N`, default 50; `?before=ID` / `?after=ID` page it). A deleted machine
 * with history still shows its history.
 * @throws ValidationError for a malformed id; NotFoundError when neither machine nor history exists.
 */
export async function machinePage(c: Context, view: ViewContext): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const historyLimit = numberParam(c, 'history', DEFAULT_HISTORY);
  const cursors = historyCursors(c);
  const { engine } = view;
  const machine = await engine.machine(id);
  const [work, backoffs, history] = await Promise.all([
    engine.activeWork({ machineId: id }),
    engine.backoffs({ machineId: id }),
    engine.history({ machineId: id, ...cursors, limit: historyLimit }),
  ]);
  if (machine === null && history.length === 0 && cursors.before === undefined && cursors.after === undefined)
    throw new NotFoundError(`machine ${id}`);
  const page = (
    <Layout view={view} title={`Machine ${id}`} current="/machines">
      {machine === null ? (
        <p class="error">deleted: only its history remains</p>
      ) : (
        <p class="meta">
          {'created '}
          <Moment at={machine.createdAt} now={view.now} />
        </p>
      )}
      {machine !== null && (
        <section>
          <h2>Tags</h2>
          <table class="tags">
            <thead>
              <tr>
                <th>tag</th>
                <th>value</th>
                <th>updated</th>
              </tr>
            </thead>
            <tbody>
              {Object.keys(machine.tags).length === 0 && <EmptyRow columns={3} text="no tags" />}
              {Object.entries(machine.tags).map(([name, tag]) => (
                <tr>
                  <td class="tag-name">{name}</td>
                  <td>
                    <code class="json">{JSON.stringify(tag.value)}</code>
                  </td>
                  <td>
                    <Moment at={tag.updatedAt} now={view.now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section>
        <h2>Live work</h2>
        <WorkTable view={view} work={work} showMachine={false} />
      </section>
      <section>
        <h2>Backoffs</h2>
        <BackoffTable view={view} backoffs={backoffs} showMachine={false} returnTo="machine" />
      </section>
      <section>
        <h2>History</h2>
        <HistoryTable view={view} events={history} showMachine={false} />
        <HistoryPager c={c} events={history} limit={historyLimit} cursors={cursors} />
        <MoreLink
          shown={history.length}
          limit={historyLimit}
          moreHref={withParams(c, { history: String(historyLimit * 2) })}
        />
      </section>
    </Layout>
  );
  return c.html(page);
}
