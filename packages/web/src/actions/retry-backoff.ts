import type { Context } from 'hono';
import type { ViewContext } from '../view-context.js';

/** Where the retry action is posted. */
export const RETRY_PATH = '/backoffs/retry';

/** The `reason` the web UI records on the `BackoffCleared` event. */
export const RETRY_REASON = 'retried from the web UI';

/** The page a retry returns to: the backoffs list, or the machine's page. */
export type RetryReturn = 'backoffs' | 'machine';

/**
 * `POST /backoffs/retry` (form fields `machineId`, `process`, `returnTo`; the CSRF check runs
 * before it): `engine.clearBackoff` with {@link RETRY_REASON}, then a 303 redirect back to the
 * backoffs or the machine's page (never elsewhere: `returnTo` names a page, not a URL).
 * @throws ValidationError (400) for a bad machine id or process; NotFoundError (404) for an unknown machine.
 */
export async function retryBackoff(c: Context, view: ViewContext): Promise<Response> {
  const form = await c.req.parseBody();
  const text = (name: string) => {
    const value = form[name];
    return typeof value === 'string' ? value : '';
  };
  const machineId = text('machineId');
  await view.engine.clearBackoff({ machineId, process: text('process'), reason: RETRY_REASON });
  const back = text('returnTo') === 'machine' ? `/machines/${encodeURIComponent(machineId)}` : '/backoffs';
  return c.redirect(view.href(back), 303);
}
