import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { backoffsPage } from './pages/backoffs-page.js';
import { errorPage } from './pages/error-page.js';
import { historyPage } from './pages/history-page.js';
import { machinePage } from './pages/machine-page.js';
import { machinesPage } from './pages/machines-page.js';
import { summaryPage } from './pages/summary-page.js';
import { workPage } from './pages/work-page.js';
import { accessControl } from './security/access-control.js';
import { csrfProtection } from './security/csrf-protection.js';
import { securityHeaders } from './security/security-headers.js';
import { STYLE } from './style.js';
import type { ViewContext } from './view-context.js';
import { resolveWebOptions, type WebOptions } from './web-options.js';

type Page = (c: Context, view: ViewContext) => Promise<Response>;

const PAGES: readonly (readonly [path: string, page: Page])[] = [
  ['/', summaryPage],
  ['/machines', machinesPage],
  ['/machines/:id', machinePage],
  ['/backoffs', backoffsPage],
  ['/work', workPage],
  ['/history', historyPage],
];

/**
 * The debug UI as a Hono app under `options.basePath`: server-rendered pages (no script),
 * every value escaped by `hono/jsx`. Serve `app.fetch` anywhere that speaks the Fetch API,
 * or `app.route('/', createWebApp(...))` inside your own Hono app; for Node's `http` and
 * Express, see {@link createNodeHandler}.
 *
 * Access: see `WebOptions.token` and `auth`; with neither, loopback clients only. Every
 * state-changing request needs the CSRF token of the pages (403 without), and is refused
 * in read-only mode.
 * @throws ValidationError for bad options.
 */
export function createWebApp(options: WebOptions): Hono {
  const resolved = resolveWebOptions(options);
  const csrfToken = randomBytes(32).toString('base64url');
  const viewOf = (): ViewContext => ({
    engine: resolved.engine,
    href: (path) => `${resolved.basePath}${path}`,
    now: resolved.now(),
    csrfToken,
    readOnly: resolved.readOnly,
  });
  const root = new Hono();
  const app = resolved.basePath === '' ? root : root.basePath(resolved.basePath);
  app.use(securityHeaders());
  app.use(accessControl(resolved));
  app.use(csrfProtection(csrfToken, resolved.readOnly));
  app.get('/static/style.css', (c) => c.body(STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  for (const [path, page] of PAGES) app.get(path, (c) => page(c, viewOf()));
  root.notFound((c) => c.text('404 not found\n', 404));
  root.onError((error, c) => errorPage(c, viewOf(), error));
  return root;
}
