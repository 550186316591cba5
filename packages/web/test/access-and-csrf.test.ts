import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Engine, OPERATOR_SESSION_ID, openEngine, ValidationError } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHandler, createWebApp, serveWeb } from '../src/index.js';

const TOKEN = 'correct-horse-battery-staple';
const bearer = { Authorization: `Bearer ${TOKEN}` };

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine({ store: createSqliteStore(), processes: ['AgentStart'] });
  await engine.createMachine({ tags: { Provided: true } });
});
afterAll(() => engine.close());

/** The CSRF token a page of `app` carries. */
async function csrfOf(
  app: ReturnType<typeof createWebApp>,
  headers: Record<string, string>,
  path = '/',
): Promise<string> {
  const html = await (await app.request(path, { headers })).text();
  return /<meta name="csrf-token" content="([^"]+)"/.exec(html)![1]!;
}

describe('access', () => {
  it('without a token or auth hook, only loopback clients are served', async () => {
    expect((await createWebApp({ engine }).request('/')).status).toBe(403); // no socket: not loopback
    const server = await serveWeb({ engine, port: 0 });
    try {
      expect((await fetch(`${server.url}/`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('with a token, requests need it (bearer or the cookie a ?token= visit sets)', async () => {
    const app = createWebApp({ engine, token: TOKEN });
    expect((await app.request('/')).status).toBe(401);
    expect((await app.request('/', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await app.request('/', { headers: bearer })).status).toBe(200);
    expect((await app.request('/machines?token=wrong')).status).toBe(401);
    const visit = await app.request(`/machines?limit=5&token=${TOKEN}`);
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/machines?limit=5');
    const cookie = visit.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tagout_token=correct-horse-battery-staple; Path=\/; HttpOnly; SameSite=Strict$/);
    expect((await app.request('/machines', { headers: { Cookie: cookie.split(';')[0]! } })).status).toBe(200);
  });

  it('an auth hook decides who gets in', async () => {
    const app = createWebApp({ engine, auth: (request) => request.headers.get('x-user') === 'ops' });
    expect((await app.request('/')).status).toBe(401);
    expect((await app.request('/', { headers: { 'x-user': 'ops' } })).status).toBe(200);
  });

  it('serving on a non-loopback interface without a token is refused', async () => {
    await expect(serveWeb({ engine, host: '0.0.0.0', port: 0 })).rejects.toThrow(ValidationError);
  });
});

describe('state-changing requests', () => {
  it('need the CSRF token of the pages: 403 without it, through to routing with it', async () => {
    const app = createWebApp({ engine, token: TOKEN });
    const csrf = await csrfOf(app, bearer);
    const post = (headers: Record<string, string>, body?: string) =>
      app.request('/backoffs', { method: 'POST', headers: { ...bearer, ...headers }, ...(body && { body }) });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'X-CSRF-Token': 'forged' })).status).toBe(403);
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    expect((await post(form, '_csrf=forged')).status).toBe(403);
    expect((await post({ 'X-CSRF-Token': csrf })).status).toBe(404); // no action at /backoffs yet
    expect((await post(form, `_csrf=${csrf}`)).status).toBe(404);
  });

  it('are all refused in read-only mode, CSRF token or not', async () => {
    const app = createWebApp({ engine, token: TOKEN, readOnly: true });
    const csrf = await csrfOf(app, bearer);
    const response = await app.request('/', { method: 'POST', headers: { ...bearer, 'X-CSRF-Token': csrf } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('read-only');
  });
});

describe('Retry now (POST /backoffs/retry)', () => {
  const form = { ...bearer, 'Content-Type': 'application/x-www-form-urlencoded' };
  /** A fresh machine whose AgentStart failed: an active backoff. */
  async function failedMachine(): Promise<string> {
    const { id } = await engine.createMachine({ tags: { Provided: true } });
    const session = await engine.startSession({ component: 'test', heartbeat: false });
    await (await session.work('AgentStart', { machineId: id })).fail('BMC down', { initialMs: 3_600_000 });
    await session.close();
    return id;
  }
  const retry = (app: ReturnType<typeof createWebApp>, fields: Record<string, string>) =>
    app.request('/ops/backoffs/retry', {
      method: 'POST',
      headers: form,
      body: new URLSearchParams(fields).toString(),
    });
  const active = async (machineId: string) => (await engine.backoffs({ machineId, activeOnly: true })).length;

  it('with the CSRF token: clears the backoff with the UI reason, then 303 back to the page it came from', async () => {
    const app = createWebApp({ engine, token: TOKEN, basePath: '/ops' });
    const _csrf = await csrfOf(app, bearer, '/ops/backoffs');
    /** Retries a fresh failed machine asking to return to `returnTo`: a 303 to `location`, the backoff cleared. */
    const retried = async (returnTo: string, location: (id: string) => string) => {
      const id = await failedMachine();
      const response = await retry(app, { _csrf, machineId: id, process: 'AgentStart', returnTo });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(location(id));
      expect(await active(id)).toBe(0);
      return id;
    };
    const id = await retried('machine', (machineId) => `/ops/machines/${machineId}`);
    expect((await engine.history({ machineId: id })).at(-1)).toMatchObject({
      event: 'BackoffCleared',
      cause: 'retried from the web UI',
      sessionId: OPERATOR_SESSION_ID,
    });
    await retried('https://evil.example/', () => '/ops/backoffs');
  });

  it('is refused with 403 without the CSRF token and in read-only mode: the backoff stays', async () => {
    const id = await failedMachine();
    const fields = { machineId: id, process: 'AgentStart' };
    const app = createWebApp({ engine, token: TOKEN, basePath: '/ops' });
    expect((await retry(app, fields)).status).toBe(403);
    expect((await retry(app, { ...fields, _csrf: 'forged' })).status).toBe(403);
    const readOnly = createWebApp({ engine, token: TOKEN, basePath: '/ops', readOnly: true });
    const _csrf = await csrfOf(readOnly, bearer, '/ops/backoffs');
    const refused = await retry(readOnly, { ...fields, _csrf });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('read-only');
    expect(await active(id)).toBe(1);
    const history = await engine.history({ machineId: id });
    expect(history.map((event) => event.event)).toEqual(['Started', 'Failed']);
  });

  it('shows a button for each active backoff, none in read-only mode', async () => {
    const id = await failedMachine();
    const page = async (readOnly: boolean, path: string) => {
      const app = createWebApp({ engine, token: TOKEN, readOnly });
      return (await app.request(path, { headers: bearer })).text();
    };
    const machine = await page(false, `/machines/${id}`);
    expect(machine.match(/<form class="retry" method="post" action="\/backoffs\/retry">/g)).toHaveLength(1);
    expect(machine).toContain(`<input type="hidden" name="machineId" value="${id}"/>`);
    expect(await page(true, `/machines/${id}`)).not.toContain('Retry now');
    const list = await page(false, '/backoffs');
    const buttons = list.match(/>Retry now</g)?.length;
    expect(buttons).toBe((await engine.backoffs({ activeOnly: true })).length);
  });

  it('answers a bad machine id with 400 and changes nothing', async () => {
    const app = createWebApp({ engine, token: TOKEN, basePath: '/ops' });
    const _csrf = await csrfOf(app, bearer, '/ops/backoffs');
    const before = await engine.history();
    expect((await retry(app, { _csrf, machineId: 'not-a-uuid', process: 'AgentStart' })).status).toBe(400);
    expect((await retry(app, { _csrf, process: 'AgentStart' })).status).toBe(400);
    expect(await engine.history()).toEqual(before);
  });
});

describe('mounting', () => {
  it('under a base path: every link stays under it, nothing is served outside it', async () => {
    const app = createWebApp({ engine, token: TOKEN, basePath: '/ops' });
    const html = await (await app.request('/ops/machines', { headers: bearer })).text();
    const links = [...html.matchAll(/(?:href|action)="([^"]+)"/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(link).toMatch(/^\/ops\//);
    expect((await app.request('/machines', { headers: bearer })).status).toBe(404);
  });

  it('as Express-style middleware: mounted path restored, other paths passed to next()', async () => {
    const handler = createNodeHandler({ engine, token: TOKEN, basePath: '/ops' });
    const server: Server = createServer((request, response) => {
      // What Express does for app.use('/ops', handler): strip the mount path, keep originalUrl.
      const url = request.url ?? '/';
      Object.assign(request, { originalUrl: url });
      if (url.startsWith('/ops')) request.url = url.slice('/ops'.length) || '/';
      handler(request, response, () => response.end('next'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await fetch(`${base}/ops/machines`, { headers: bearer });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('href="/ops/static/style.css"');
      expect(await (await fetch(`${base}/elsewhere`)).text()).toBe('next');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('pages', () => {
  it('answer a malformed machine id with 400 and its ValidationError, an unknown one with 404', async () => {
    const app = createWebApp({ engine, token: TOKEN });
    const bad = await app.request('/machines/not-a-uuid', { headers: bearer });
    expect(bad.status).toBe(400);
    const refusal: unknown = await engine.machine('not-a-uuid').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(await bad.text()).toContain((refusal as ValidationError).message.replaceAll('"', '&quot;'));
    const missing = await app.request(`/machines/${crypto.randomUUID()}`, { headers: bearer });
    expect(missing.status).toBe(404);
  });
});
