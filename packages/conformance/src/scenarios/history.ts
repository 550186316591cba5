import { type HistoryEvent, type HistoryQuery, ValidationError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, readState, rejection, type TestEngine, useTestEngine } from '../harness.js';

/**
 * A history of 2 machines × 2 processes: per pair a finish, a fail and a cancel, the clock moving
 * 1 s per event. Returns the machine ids.
 */
async function arrangeHistory(t: TestEngine): Promise<string[]> {
  const machines = [await t.engine.createMachine(), await t.engine.createMachine()];
  const session = await t.session({ intervalMs: 600_000 });
  for (const outcome of ['finish', 'fail', 'cancel'] as const) {
    for (const machine of machines) {
      for (const process of ['Install', 'AgentStart'] as const) {
        const [backoff] = await t.engine.backoffs({ machineId: machine.id, process });
        if (backoff !== undefined && backoff.until > t.clock.now()) t.clock.set(backoff.until);
        const work = await session.work(process, { machineId: machine.id });
        t.clock.advance(1_000);
        if (outcome === 'finish') await work.finish();
        else if (outcome === 'fail') await work.fail('broken', { initialMs: 1_000 });
        else await work.cancel();
        t.clock.advance(1_000);
      }
    }
  }
  return machines.map((machine) => machine.id);
}

/** Every page of `query` walking back from the newest with `before`, then forward with `after`. */
async function walk(t: TestEngine, query: HistoryQuery, limit: number) {
  const back: HistoryEvent[][] = [];
  let page = await t.engine.history({ ...query, limit });
  while (page.length > 0) {
    back.unshift(page);
    page = await t.engine.history({ ...query, before: page[0]!.id, limit });
  }
  const forward: HistoryEvent[][] = [];
  const first = back[0]?.[0];
  if (first !== undefined) {
    forward.push([first]);
    for (;;) {
      const next = await t.engine.history({ ...query, after: forward.at(-1)!.at(-1)!.id, limit });
      if (next.length === 0) break;
      forward.push(next);
    }
  }
  return { back: back.flat(), forward: forward.flat() };
}

/** History pages (ids and cursors) and retention (pruneHistory). */
export function describeHistory(options: ConformanceOptions): void {
  describe('history paging and retention', () => {
    it('every event has a unique id, increasing in history order, also compared as text', async () => {
      const t = await useTestEngine(options);
      await arrangeHistory(t);
      const ids = (await t.engine.history()).map((event) => event.id);
      expect(ids).toHaveLength(24);
      expect(new Set(ids).size).toBe(24);
      expect([...ids].sort()).toEqual(ids);
    });

    it('without a cursor a page is the most recent `limit` events, oldest first', async () => {
      const t = await useTestEngine(options);
      const [m1] = await arrangeHistory(t);
      const all = await t.engine.history();
      expect(await t.engine.history({ limit: 5 })).toStrictEqual(all.slice(-5));
      expect(await t.engine.history({ machineId: m1!, process: 'Install', limit: 3 })).toStrictEqual(
        all.filter((e) => e.machineId === m1 && e.process === 'Install').slice(-3),
      );
    });

    it('pages back with `before` and forward with `after` visit every event once, in every scope', async () => {
      const t = await useTestEngine(options);
      const [m1, m2] = await arrangeHistory(t);
      const all = await t.engine.history();
      const scopes: [HistoryQuery, (e: HistoryEvent) => boolean][] = [
        [{}, () => true],
        [{ machineId: m2! }, (e) => e.machineId === m2],
        [{ process: 'AgentStart' }, (e) => e.process === 'AgentStart'],
        [{ machineId: m1!, process: 'Install' }, (e) => e.machineId === m1 && e.process === 'Install'],
      ];
      for (const [query, matches] of scopes) {
        const expected = all.filter(matches);
        const { back, forward } = await walk(t, query, 4);
        expect(back, JSON.stringify(query)).toStrictEqual(expected);
        expect(forward, JSON.stringify(query)).toStrictEqual(expected);
      }
    });

    it('`after` and `before` together give the first `limit` events strictly between them', async () => {
      const t = await useTestEngine(options);
      const [m1] = await arrangeHistory(t);
      const all = await t.engine.history();
      const [after, before] = [all[3]!, all[20]!];
      expect(await t.engine.history({ after: after.id, before: before.id, limit: 5 })).toStrictEqual(
        all.slice(4, 9),
      );
      expect(await t.engine.history({ after: after.id, before: all[6]!.id })).toStrictEqual(all.slice(4, 6));
      expect(await t.engine.history({ after: before.id, before: after.id })).toEqual([]);
      expect(
        await t.engine.history({ machineId: m1!, after: after.id, before: before.id, limit: 100 }),
      ).toStrictEqual(all.slice(4, 20).filter((e) => e.machineId === m1));
    });

    it('a cursor of another scope, or of a pruned event, pages from its place', async () => {
      const t = await useTestEngine(options);
      const [m1, m2] = await arrangeHistory(t);
      const all = await t.engine.history();
      const cursor = all.find((e) => e.machineId === m2)!;
      expect(await t.engine.history({ machineId: m1!, after: cursor.id, limit: 2 })).toStrictEqual(
        all.filter((e, i) => e.machineId === m1 && i > all.indexOf(cursor)).slice(0, 2),
      );
      await t.engine.pruneHistory({ olderThanMs: t.clock.now() - all[10]!.at });
      const gone = all[4]!;
      expect((await t.engine.history()).map((e) => e.id)).not.toContain(gone.id);
      const after = await t.engine.history({ after: gone.id, limit: 100 });
      expect(after.at(-1)).toStrictEqual(all.at(-1));
      expect(after.every((e) => e.id > gone.id)).toBe(true);
    });

    it('a well-formed id the store never issued is a ValidationError naming the cursor', async () => {
      const t = await useTestEngine(options);
      await arrangeHistory(t);
      const error = await rejection(t.engine.history({ before: '0'.repeat(16) }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'before' });
    });

    it('pruneHistory deletes the events older than olderThanMs and returns the count', async () => {
      const t = await useTestEngine(options);
      const [m1, m2] = await arrangeHistory(t);
      // Finish every pair so no backoff keeps an event.
      const session = await t.session({ intervalMs: 600_000 });
      t.clock.advance(60_000);
      for (const machineId of [m1!, m2!]) {
        for (const process of ['Install', 'AgentStart'] as const) {
          await (await session.work(process, { machineId })).finish();
        }
      }
      const all = await t.engine.history();
      const cutoff = all[10]!.at;

      expect(await t.engine.pruneHistory({ olderThanMs: t.clock.now() - cutoff })).toBe(
        all.filter((e) => e.at < cutoff).length,
      );
      expect(await t.engine.history()).toStrictEqual(all.filter((e) => e.at >= cutoff));
      expect(await t.engine.pruneHistory({ olderThanMs: t.clock.now() - cutoff })).toBe(0);
      expect(await t.engine.pruneHistory({ olderThanMs: 0 })).toBe(
        all.filter((e) => e.at < t.clock.now()).length - 10,
      );
      expect(await t.engine.history()).toStrictEqual(all.filter((e) => e.at >= t.clock.now()));
    });

    it('pruneHistory keeps the latest event of a pair that has a backoff, active or not, until it is cleared', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const session = await t.session({ intervalMs: 600_000 });
      await (await session.work('Install', { machineId: machine.id })).fail('broken', { initialMs: 1_000 });
      t.clock.advance(5_000);
      const expired = await session.work('Install', { machineId: machine.id });
      await expired.cancel();
      t.clock.advance(5_000);
      const before = await readState(t.engine);

      expect(await t.engine.pruneHistory({ olderThanMs: 0 })).toBe(3);
      const [kept] = before.history.slice(-1);
      expect((await t.engine.history()).map((e) => e.event)).toEqual(['Canceled']);
      expect(await t.engine.history()).toStrictEqual([kept]);
      expect(await t.engine.backoffs()).toStrictEqual(before.backoffs);

      await (await session.work('Install', { machineId: machine.id })).finish();
      t.clock.advance(1_000);
      expect(await t.engine.pruneHistory({ olderThanMs: 0 })).toBe(3);
      expect(await t.engine.history()).toEqual([]);
    });

    it('pruneHistory counts BackoffCleared as an event: it is the latest kept while the backoff is stored', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine();
      const pair = { machineId: machine.id, process: 'Install' };
      const session = await t.session({ intervalMs: 600_000 });
      await (await session.work('Install', { machineId: machine.id })).fail('broken', { initialMs: 60_000 });
      t.clock.advance(1_000);
      expect(await t.engine.clearBackoff(pair)).toBe(true);
      t.clock.advance(1_000);
      const cleared = (await t.engine.history()).at(-1);
      expect(cleared?.event).toBe('BackoffCleared');

      expect(await t.engine.pruneHistory({ olderThanMs: 0 })).toBe(2);
      expect(await t.engine.history()).toStrictEqual([cleared]);

      // resetInterval deletes the backoff: nothing protects the pair's events any more.
      expect(await t.engine.clearBackoff({ ...pair, resetInterval: true })).toBe(false);
      expect(await t.engine.backoffs()).toEqual([]);
      t.clock.advance(1_000);
      expect(await t.engine.pruneHistory({ olderThanMs: 0 })).toBe(2);
      expect(await t.engine.history()).toEqual([]);
    });

    it('the store prunes one bounded batch per call and says where the next one starts', async () => {
      const t = await useTestEngine(options);
      await arrangeHistory(t);
      const all = await t.engine.history();
      const now = t.clock.now();
      const cutoff = all[9]!.at;
      const olderThanMs = now - cutoff;
      // Events 0-8 are older than the cutoff; no backoff protects them (each pair's latest is
      // among events 20-23).
      const first = await t.store.pruneHistory({ olderThanMs, limit: 4, now });
      expect(first).toEqual({ deleted: 4, now, next: all[3]!.id });
      const second = await t.store.pruneHistory({ olderThanMs, limit: 4, now, after: all[3]!.id });
      expect(second).toEqual({ deleted: 4, now, next: all[7]!.id });
      // The third batch meets event 9, not older than the cutoff: it stops there.
      const third = await t.store.pruneHistory({ olderThanMs, limit: 4, now, after: all[7]!.id });
      expect(third).toEqual({ deleted: 1, now, next: null });
      expect(await t.engine.history()).toStrictEqual(all.slice(9));
    });
  });
}
