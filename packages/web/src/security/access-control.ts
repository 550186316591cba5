import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ResolvedWebOptions } from '../web-options.js';
import { isLoopback } from './is-loopback.js';
import { sameSecret } from './same-secret.js';

/** The cookie that carries the token after a visit with `?token=`. */
export const TOKEN_COOKIE = 'tagout_token';

/**
 * Who may see the UI. With a token: requests carrying it (bearer header or cookie; a
 * `?token=` visit sets the cookie and redirects to the same URL without it). With an auth
 * hook: requests it accepts. With neither: loopback clients only, so an unprotected UI is
 * never served to the network by mistake.
 */
export function accessControl(options: ResolvedWebOptions): MiddlewareHandler {
  return async (c, next) => {
    if (options.token !== undefined) {
      const query = c.req.query('token');
      if (query !== undefined && sameSecret(query, options.token)) return rememberToken(c, options);
      if (!sameSecret(bearer(c) ?? getCookie(c, TOKEN_COOKIE), options.token)) {
        return c.text('401 unauthorized: open this page once with ?token=<token>\n', 401);
      }
    }
    if (options.auth !== undefined) {
      if (!(await options.auth(c.req.raw))) return c.text('401 unauthorized\n', 401);
    } else if (options.token === undefined && !isLoopback(clientAddress(c))) {
      return c.text(
        '403 forbidden: without a token or an auth hook this UI serves loopback clients only\n',
        403,
      );
    }
    await next();
  };
}

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization');
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function rememberToken(c: Context, options: ResolvedWebOptions): Response {
  setCookie(c, TOKEN_COOKIE, options.token!, {
    httpOnly: true,
    sameSite: 'Strict',
    path: options.basePath === '' ? '/' : options.basePath,
  });
  const url = new URL(c.req.url);
  url.searchParams.delete('token');
  return c.redirect(`${url.pathname}${url.search}`, 303);
}

/** The client's address on Node's http server; undefined elsewhere (so it counts as remote). */
function clientAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
