/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type Filter, ValidationError } from '@tagout/core';
import type { Context } from 'hono';
import { EmptyRow } from '../components/empty-row.js';
import { ErrorNote } from '../components/error-note.js';
import { Layout } from '../components/layout.js';
import { MachineLink } from '../components/machine-link.js';
import { Moment } from '../components/moment.js';
import { MoreLink } from '../components/more-link.js';
import { numberParam, textParam, withParams } from '../query-params.js';
import { readOrRefusal } from '../read-or-refusal.js';
import type { ViewContext } from '../view-context.js';

const DEFAULT_LIMIT = 50;

const EXAMPLES: readonly string[] = [
  '{"has":"Provided"}',
  '{"and":[{"has":"Provided"},{"lacks":"AgentStarted"}]}',
  '{"tag":"Provided","path":["provider"],"equals":"equinix"}',
];

/**
 * `/machines?where=JSON&limit=N`: machines passing a filter in the engine's JSON filter
 * language, oldest first. A filter the engine refuses shows its ValidationError (400).
 */
export async function machinesPage(c: Context, view: ViewContext): Promise<Response> {
  const whereText = textParam(c, 'where');
  const limit = numberParam(c, 'limit', DEFAULT_LIMIT);
  const { value: machines, error } = await readOrRefusal(async () => {
    const where = whereText === undefined ? undefined : parseFilter(whereText);
    return view.engine.machines({ ...(where !== undefined && { where }), limit });
  }, []);
  const page = (
    <Layout view={view} title="Machines" current="/machines">
      <form method="get" action={view.href('/machines')} class="filter">
        <label for="where">filter (JSON)</label>
        <textarea id="where" name="where" rows={2} placeholder='{"has":"Provided"}'>
          {whereText ?? ''}
        </textarea>
        <label for="limit">limit</label>
        <input id="limit" name="limit" type="number" min="1" value={String(limit)} />
        <button type="submit">Filter</button>
      </form>
      <p class="examples">
        {'examples: '}
        {EXAMPLES.map((example) => (
          <a href={`${view.href('/machines')}?where=${encodeURIComponent(example)}`}>
            <code>{example}</code>
          </a>
        ))}
      </p>
      <ErrorNote message={error} />
      <table class="machines">
        <thead>
          <tr>
            <th>machine</th>
            <th>created</th>
            <th>tags</th>
          </tr>
        </thead>
        <tbody>
          {machines.length === 0 && <EmptyRow columns={3} text="no machines" />}
          {machines.map((machine) => (
            <tr>
              <td>
                <MachineLink view={view} id={machine.id} />
              </td>
              <td>
                <Moment at={machine.createdAt} now={view.now} />
              </td>
              <td class="tags">
                {Object.entries(machine.tags).map(([name, tag]) => (
                  <span class="tag" title={JSON.stringify(tag.value)}>
                    {name}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error === undefined && (
        <MoreLink
          shown={machines.length}
          limit={limit}
          moreHref={withParams(c, { limit: String(limit * 2) })}
        />
      )}
    </Layout>
  );
  return c.html(page, error === undefined ? 200 : 400);
}

function parseFilter(text: string): Filter {
  try {
    return JSON.parse(text) as Filter;
  } catch (error) {
    throw new ValidationError(
      'where',
      `is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
