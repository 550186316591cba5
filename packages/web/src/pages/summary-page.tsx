/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { EmptyRow } from '../components/empty-row.js';
import { Layout } from '../components/layout.js';
import type { ViewContext } from '../view-context.js';

/** `/`: the fleet at a glance: machines, live work and active backoffs per process, tags by count. */
export async function summaryPage(c: Context, view: ViewContext): Promise<Response> {
  const stats = await view.engine.stats();
  const tags = Object.entries(stats.tags).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
  const machinesWith = (tag: string) =>
    `${view.href('/machines')}?where=${encodeURIComponent(JSON.stringify({ has: tag }))}`;
  return c.html(
    <Layout view={view} title="Fleet" current="/">
      <div class="cards">
        <a class="card" href={view.href('/machines')}>
          <span class="count">{stats.machines}</span> machines
        </a>
        <a class="card" href={view.href('/work')}>
          <span class="count">{total(stats.liveWork)}</span> live work
        </a>
        <a class="card" href={view.href('/backoffs')}>
          <span class="count">{total(stats.activeBackoffs)}</span> active backoffs
        </a>
      </div>
      <section>
        <h2>Per process</h2>
        <table class="processes">
          <thead>
            <tr>
              <th>process</th>
              <th class="num">live work</th>
              <th class="num">active backoffs</th>
            </tr>
          </thead>
          <tbody>
            {Object.keys(stats.liveWork).map((process) => (
              <tr>
                <td>
                  <a href={`${view.href('/history')}?process=${encodeURIComponent(process)}`}>{process}</a>
                </td>
                <td class="num">{stats.liveWork[process] ?? 0}</td>
                <td class="num">{stats.activeBackoffs[process] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>Tags</h2>
        <table class="tag-counts">
          <thead>
            <tr>
              <th>tag</th>
              <th class="num">machines</th>
            </tr>
          </thead>
          <tbody>
            {tags.length === 0 && <EmptyRow columns={2} text="no tags" />}
            {tags.map(([tag, count]) => (
              <tr>
                <td>
                  <a href={machinesWith(tag)}>{tag}</a>
                </td>
                <td class="num">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>,
  );
}
