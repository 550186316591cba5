/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { BackoffTable } from '../components/backoff-table.js';
import { Layout } from '../components/layout.js';
import type { ViewContext } from '../view-context.js';

/** `/backoffs`: every backoff, active ones first, with cause and time left. */
export async function backoffsPage(c: Context, view: ViewContext): Promise<Response> {
  const backoffs = await view.engine.backoffs();
  const active = backoffs.filter((backoff) => backoff.active).length;
  return c.html(
    <Layout view={view} title="Backoffs" current="/backoffs">
      <p class="meta">{`${active} active, ${backoffs.length - active} expired`}</p>
      <BackoffTable view={view} backoffs={backoffs} showMachine={true} />
    </Layout>,
  );
}
