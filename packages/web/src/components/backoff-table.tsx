/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Backoff } from '@tagout/core';
import { humanDuration, humanTime } from '../format/human-time.js';
import { backoffsActiveFirst } from '../format/order.js';
import type { ViewContext } from '../view-context.js';
import { EmptyRow } from './empty-row.js';
import { MachineLink } from './machine-link.js';

/** Backoffs, active ones first (soonest to end first), then expired ones (latest first). */
export function BackoffTable(props: {
  view: ViewContext;
  backoffs: readonly Backoff[];
  showMachine: boolean;
}) {
  const { view } = props;
  const sorted = backoffsActiveFirst(props.backoffs);
  return (
    <table class="backoffs">
      <thead>
        <tr>
          {props.showMachine && <th>machine</th>}
          <th>process</th>
          <th>state</th>
          <th class="num">time left</th>
          <th>until</th>
          <th class="num">interval</th>
          <th>cause</th>
        </tr>
      </thead>
      <tbody>
        {sorted.length === 0 && <EmptyRow columns={props.showMachine ? 7 : 6} text="no backoffs" />}
        {sorted.map((backoff) => (
          <tr class={backoff.active ? 'active' : 'expired'}>
            {props.showMachine && (
              <td>
                <MachineLink view={view} id={backoff.machineId} />
              </td>
            )}
            <td>{backoff.process}</td>
            <td>
              <span class="state">{backoff.active ? 'active' : 'expired'}</span>
            </td>
            <td class="num">{backoff.active ? humanDuration(backoff.until - view.now) : '—'}</td>
            <td>
              <time datetime={new Date(backoff.until).toISOString()}>{humanTime(backoff.until)}</time>
            </td>
            <td class="num">{humanDuration(backoff.lastIntervalMs)}</td>
            <td class="cause">{backoff.cause}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
