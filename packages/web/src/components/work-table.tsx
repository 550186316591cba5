/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { WorkInfo } from '@tagout/core';
import { humanDuration } from '../format/human-time.js';
import { workOldestFirst } from '../format/order.js';
import type { ViewContext } from '../view-context.js';
import { EmptyRow } from './empty-row.js';
import { MachineLink } from './machine-link.js';
import { Moment } from './moment.js';

/** Live work, oldest first (the longest-running at the top). */
export function WorkTable(props: { view: ViewContext; work: readonly WorkInfo[]; showMachine: boolean }) {
  const { view } = props;
  const sorted = workOldestFirst(props.work);
  return (
    <table class="work">
      <thead>
        <tr>
          {props.showMachine && <th>machine</th>}
          <th>process</th>
          <th class="num">age</th>
          <th>started</th>
          <th class="num">token</th>
          <th>session</th>
        </tr>
      </thead>
      <tbody>
        {sorted.length === 0 && <EmptyRow columns={props.showMachine ? 6 : 5} text="no live work" />}
        {sorted.map((work) => (
          <tr>
            {props.showMachine && (
              <td>
                <MachineLink view={view} id={work.machineId} />
              </td>
            )}
            <td>{work.process}</td>
            <td class="num">{humanDuration(view.now - work.startedAt)}</td>
            <td>
              <Moment at={work.startedAt} now={view.now} />
            </td>
            <td class="num">{work.token}</td>
            <td class="id">{work.sessionId}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
