/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { Layout } from '../components/layout.js';
import { WorkTable } from '../components/work-table.js';
import type { ViewContext } from '../view-context.js';

/** `/work`: live work, the longest-running first. */
export async function workPage(c: Context, view: ViewContext): Promise<Response> {
  const work = await view.engine.activeWork();
  return c.html(
    <Layout view={view} title="Live work" current="/work">
      <p class="meta">{`${work.length} live`}</p>
      <WorkTable view={view} work={work} showMachine={true} />
    </Layout>,
  );
}
