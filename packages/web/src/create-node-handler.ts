import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createWebApp } from './create-web-app.js';
import type { WebOptions } from './web-options.js';

/** A Node `http` request listener that is also Express/Connect middleware. */
export type NodeHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/**
 * The debug UI for Node's `http` (`createServer(handler)`) or Express/Connect
 * (`app.use(handler)` or `app.use('/tagout', handler)` with `basePath: '/tagout'`).
 * Requests outside `basePath` go to `next` when there is one (404 otherwise). Express's
 * stripped mount path is undone from `originalUrl`, so links stay under `basePath`.
 * @throws ValidationError for bad options.
 */
export function createNodeHandler(options: WebOptions): NodeHandler {
  const app = createWebApp(options);
  const base = options.basePath ?? '';
  const listener = getRequestListener(app.fetch);
  return (request, response, next) => {
    const original = (request as IncomingMessage & { originalUrl?: string }).originalUrl;
    if (original !== undefined) request.url = original;
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (next !== undefined && !(path === base || path.startsWith(`${base}/`))) {
      next();
      return;
    }
    listener(request, response).catch((error: unknown) => {
      if (next !== undefined) next(error);
      else response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  };
}
