/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { HistoryEvent } from '@tagout/core';
import type { ViewContext } from '../view-context.js';
import { EmptyRow } from './empty-row.js';
import { MachineLink } from './machine-link.js';
import { Moment } from './moment.js';

/** History events as a timeline, newest first, with failure causes. */
export function HistoryTable(props: {
  view: ViewContext;
  events: readonly HistoryEvent[];
  showMachine: boolean;
}) {
  const { view } = props;
  const columns = props.showMachine ? 7 : 6;
  return (
    <table class="history">
      <thead>
        <tr>
          <th>when</th>
          {props.showMachine && <th>machine</th>}
          <th>process</th>
          <th>event</th>
          <th class="num">token</th>
          <th>session</th>
          <th>cause</th>
        </tr>
      </thead>
      <tbody>
        {props.events.length === 0 && <EmptyRow columns={columns} text="no history" />}
        {[...props.events].reverse().map((event) => (
          <tr class={`event-${event.event.toLowerCase()}`}>
            <td>
              <Moment at={event.at} now={view.now} />
            </td>
            {props.showMachine && (
              <td>
                <MachineLink view={view} id={event.machineId} />
              </td>
            )}
            <td>{event.process}</td>
            <td>
              <span class="event">{event.event}</span>
            </td>
            <td class="num">{event.token}</td>
            <td class="id">{event.sessionId}</td>
            <td class="cause">{event.cause ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
