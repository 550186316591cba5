/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { Layout } from '../components/layout.js';
import { MoreLink } from '../components/more-link.js';
import { SessionTable } from '../components/session-table.js';
import { numberParam, textParam, withParams } from '../query-params.js';
import type { ViewContext } from '../view-context.js';

const DEFAULT_LIMIT = 100;

/**
 * `/sessions?alive=1&limit=N`: sessions, oldest first, alive and recently dead (only alive
 * ones with `alive`), each with its deadline and live work.
 * @throws ValidationError for a bad limit.
 */
export async function sessionsPage(c: Context, view: ViewContext): Promise<Response> {
  const limit = numberParam(c, 'limit', DEFAULT_LIMIT);
  const aliveOnly = textParam(c, 'alive') !== undefined;
  const sessions = await view.engine.sessions({ aliveOnly, limit });
  const alive = sessions.filter((session) => session.alive).length;
  return c.html(
    <Layout view={view} title="Sessions" current="/sessions">
      <p class="meta">
        {`${alive} alive, ${sessions.length - alive} dead · `}
        {aliveOnly ? (
          <a href={withParams(c, { alive: undefined })}>show dead ones too</a>
        ) : (
          <a href={withParams(c, { alive: '1' })}>alive only</a>
        )}
      </p>
      <SessionTable view={view} sessions={sessions} />
      <MoreLink
        shown={sessions.length}
        limit={limit}
        moreHref={withParams(c, { limit: String(limit * 2) })}
      />
    </Layout>,
  );
}
