/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SessionInfo } from '@tagout/core';
import { humanDuration } from '../format/human-time.js';
import type { ViewContext } from '../view-context.js';
import { EmptyRow } from './empty-row.js';
import { Moment } from './moment.js';

/** Sessions in the engine's order (oldest first): who, where, deadline, alive, live work. */
export function SessionTable(props: { view: ViewContext; sessions: readonly SessionInfo[] }) {
  const { view } = props;
  return (
    <table class="sessions">
      <thead>
        <tr>
          <th>session</th>
          <th>component</th>
          <th>runtime info</th>
          <th>created</th>
          <th>deadline</th>
          <th class="num">time left</th>
          <th>state</th>
          <th class="num">live work</th>
        </tr>
      </thead>
      <tbody>
        {props.sessions.length === 0 && <EmptyRow columns={8} text="no sessions" />}
        {props.sessions.map((session) => (
          <tr class={session.alive ? 'alive' : 'dead'}>
            <td class="id">{session.id}</td>
            <td class="component">{session.component}</td>
            <td class="runtime">{session.runtimeInfo}</td>
            <td>
              <Moment at={session.createdAt} now={view.now} />
            </td>
            <td>
              <Moment at={session.deadline} now={view.now} />
            </td>
            <td class="num">{session.alive ? humanDuration(session.deadline - view.now) : '—'}</td>
            <td>
              <span class="state">{session.alive ? 'alive' : 'dead'}</span>
            </td>
            <td class="num">{session.liveWork}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
