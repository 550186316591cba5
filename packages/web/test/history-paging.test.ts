import { type Engine, openEngine } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../src/index.js';

const TOKEN = 'paging-token';
const headers = { Authorization: `Bearer ${TOKEN}` };

let engine: Engine;
let machineId: string;
beforeAll(async () => {
  engine = await openEngine({ store: createSqliteStore(), processes: ['AgentStart'] });
  machineId = (await engine.createMachine({ tags: {} })).id;
  const session = await engine.startSession({ component: 'pager', heartbeat: false, intervalMs: 3_600_000 });
  for (let i = 0; i < 3; i++) await (await session.work('AgentStart', { machineId })).finish();
  await session.close();
});
afterAll(() => engine.close());

/** The page's HTML and the href of its link with `rel` (`next` = older, `prev` = newer), `&amp;` decoded. */
async function page(
  path: string,
): Promise<{ status: number; html: string; link: (rel: string) => string | undefined }> {
  const response = await createWebApp({ engine, token: TOKEN }).request(path, { headers });
  const html = await response.text();
  const link = (rel: string) =>
    new RegExp(`<a rel="${rel}" href="([^"]+)"`).exec(html)?.[1]?.replaceAll('&amp;', '&');
  return { status: response.status, html, link };
}

/** The events a history page shows as `event token`, oldest first (the table is newest first). */
function rowsShown(html: string): string[] {
  const rows = [...html.matchAll(/<span class="event">(\w+)<\/span><\/td><td class="num">(\d+)<\/td>/g)];
  return rows.map(([, event, token]) => `${event} ${token}`).reverse();
}

/** The same for engine events. */
function rowsOf(events: readonly { event: string; token: number }[]): string[] {
  return events.map((event) => `${event.event} ${event.token}`);
}

describe('history pages link to older and newer events (GET links)', () => {
  it('/history: older carries before=<first id> and gives the previous page; newer comes back', async () => {
    const all = await engine.history();
    expect(all).toHaveLength(6);
    const latest = await page('/history?limit=2');
    expect(latest.status).toBe(200);
    expect(latest.link('prev')).toBeUndefined(); // the latest page has nothing newer
    const older = latest.link('next');
    expect(older).toBe(`/history?limit=2&before=${encodeURIComponent(all[4]!.id)}`);

    const previous = await page(older!);
    expect(previous.status).toBe(200);
    const expected = await engine.history({ before: all[4]!.id, limit: 2 });
    expect(expected).toEqual(all.slice(2, 4));
    expect(rowsShown(latest.html)).toEqual(rowsOf(all.slice(4)));
    expect(rowsShown(previous.html)).toEqual(rowsOf(expected));
    expect(previous.link('next')).toBe(`/history?limit=2&before=${encodeURIComponent(all[2]!.id)}`);
    expect(previous.link('prev')).toBe(`/history?limit=2&after=${encodeURIComponent(all[3]!.id)}`);

    const newer = await page(previous.link('prev')!);
    expect(newer.status).toBe(200);
    expect(newer.link('next')).toBe(`/history?limit=2&before=${encodeURIComponent(all[4]!.id)}`);
  });

  it('the machine page pages its timeline the same way', async () => {
    const all = await engine.history({ machineId });
    const latest = await page(`/machines/${machineId}?history=2`);
    expect(latest.status).toBe(200);
    const older = latest.link('next');
    expect(older).toBe(`/machines/${machineId}?history=2&before=${encodeURIComponent(all[4]!.id)}`);
    const previous = await page(older!);
    expect(previous.status).toBe(200);
    expect(rowsShown(previous.html)).toEqual(rowsOf(all.slice(2, 4)));
    expect(previous.link('next')).toBe(
      `/machines/${machineId}?history=2&before=${encodeURIComponent(all[2]!.id)}`,
    );
    expect(previous.link('prev')).toBe(
      `/machines/${machineId}?history=2&after=${encodeURIComponent(all[3]!.id)}`,
    );
  });

  it('a cursor that is no event id of the store is refused (400)', async () => {
    expect((await page('/history?before=nope')).status).toBe(400);
  });
});
