/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { RETRY_PATH, type RetryReturn } from '../actions/retry-backoff.js';
import { CSRF_FIELD } from '../security/csrf-protection.js';
import type { ViewContext } from '../view-context.js';

/**
 * **Retry now** for one active backoff: a plain form posting the pair and the pages' CSRF
 * token to the retry action, which redirects back to `returnTo`.
 */
export function RetryButton(props: {
  view: ViewContext;
  machineId: string;
  process: string;
  returnTo: RetryReturn;
}) {
  const { view } = props;
  return (
    <form class="retry" method="post" action={view.href(RETRY_PATH)}>
      <input type="hidden" name={CSRF_FIELD} value={view.csrfToken} />
      <input type="hidden" name="machineId" value={props.machineId} />
      <input type="hidden" name="process" value={props.process} />
      <input type="hidden" name="returnTo" value={props.returnTo} />
      <button type="submit">Retry now</button>
    </form>
  );
}
