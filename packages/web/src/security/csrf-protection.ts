import type { Context, MiddlewareHandler } from 'hono';
import { sameSecret } from './same-secret.js';

/** The form field that carries the CSRF token of a state-changing form. */
export const CSRF_FIELD = '_csrf';
/** The header that may carry the CSRF token instead (scripts). */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Guards every state-changing request (any method but GET, HEAD, OPTIONS), before routing:
 * 403 in read-only mode, 403 unless it carries `token` in the `_csrf` form field or the
 * `X-CSRF-Token` header. Another site can post a form to the UI but cannot read the token
 * from its pages.
 */
export function csrfProtection(token: string, readOnly: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (readOnly) return c.text('403 forbidden: this UI is read-only\n', 403);
    if (!sameSecret(await givenToken(c), token)) {
      return c.text('403 forbidden: missing or wrong CSRF token\n', 403);
    }
    await next();
  };
}

async function givenToken(c: Context): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header !== undefined) return header;
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return undefined;
  }
  const field = (await c.req.parseBody())[CSRF_FIELD];
  return typeof field === 'string' ? field : undefined;
}
