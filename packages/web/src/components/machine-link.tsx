/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ViewContext } from '../view-context.js';

/** A machine id linking to its page. */
export function MachineLink(props: { view: ViewContext; id: string }) {
  return (
    <a class="id" href={props.view.href(`/machines/${encodeURIComponent(props.id)}`)}>
      {props.id}
    </a>
  );
}
