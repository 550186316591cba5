/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { humanRelative, humanTime } from '../format/human-time.js';

/** A moment shown relative to now (`3m 05s ago`), the exact UTC time on hover. */
export function Moment(props: { at: number; now: number }) {
  return (
    <time datetime={new Date(props.at).toISOString()} title={humanTime(props.at)}>
      {humanRelative(props.at, props.now)}
    </time>
  );
}
