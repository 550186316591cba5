import { ClosedError, SessionExpiredError, type Store, type Work } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { checkExclusivity } from '../check-exclusivity.js';
import { type ConformanceOptions, EXCLUSIVE, readState, rejection, useTestEngine } from '../harness.js';
import { storeWithout } from '../store-without.js';

const PROVIDED = { has: 'Provided' } as const;

/** The tokens of `works`, each strictly greater than the one before (else the test fails). */
function increasingTokens(works: readonly Work[]): number[] {
  const tokens = works.map((work) => work.token);
  for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1] as number);
  return tokens;
}

/**
 * Batched claims (`session.workMany`): each work exactly as a single claim by filter, the limit,
 * the checks of a claim, tokens in order, session expiry, and parallel batches.
 */
export function describeWorkMany(options: ConformanceOptions): void {
  describe('batched claims (workMany)', () => {
    it('takes every eligible machine up to the limit, skipping held, blocked and backed-off pairs: tokens and Started events in the returned order', async () => {
      const t = await useTestEngine(options);
      const eligible = new Set<string>();
      for (let i = 0; i < 5; i++) eligible.add((await t.engine.createMachine({ tags: { Provided: i } })).id);
      await t.engine.createMachine({ tags: { Other: true } });
      const other = await t.session();
      const held = await t.engine.createMachine({ tags: { Provided: 'held' } });
      await other.work('Install', { machineId: held.id });
      const blocked = await t.engine.createMachine({ tags: { Provided: 'blocked' } });
      await other.work('Recovery', { machineId: blocked.id });
      const backedOff = await t.engine.createMachine({ tags: { Provided: 'backed off' } });
      await (await other.work('Install', { machineId: backedOff.id })).fail('broken', { initialMs: 60_000 });
      const session = await t.session();
      const claimed: number[] = [];
      t.engine.on('claimed', (event) => {
        if (event.sessionId === session.id) claimed.push(event.token);
      });
      const before = (await t.engine.history()).length;

      const works = await session.workMany('Install', { where: PROVIDED, limit: 10 });

      expect(new Set(works.map((work) => work.machine.id))).toEqual(eligible);
      expect(works).toHaveLength(eligible.size);
      const tokens = increasingTokens(works);
      expect(claimed).toEqual(tokens);
      const now = t.clock.now();
      for (const work of works) {
        expect(work).toMatchObject({
          process: 'Install',
          sessionId: session.id,
          startedAt: now,
          done: false,
        });
        expect(work.machine).toStrictEqual(await t.engine.machine(work.machine.id));
      }
      const started = (await t.engine.history()).slice(before);
      expect(started.map((event) => [event.event, event.machineId, event.token, event.sessionId])).toEqual(
        works.map((work) => ['Started', work.machine.id, work.token, session.id]),
      );
      expect(await t.engine.activeWork({ process: 'Install' })).toHaveLength(eligible.size + 1);
      expect(await session.workMany('Install', { where: PROVIDED, limit: 10 })).toEqual([]);
      await Promise.all(works.map((work, i) => (i % 2 === 0 ? work.finish() : work.fail('again'))));
      expect(checkExclusivity(await t.engine.history(), { exclusive: EXCLUSIVE }).problems).toEqual([]);
    });

    it('takes at most limit per call; successive calls take the others, each machine once', async () => {
      const t = await useTestEngine(options);
      const ids = new Set<string>();
      for (let i = 0; i < 7; i++) ids.add((await t.engine.createMachine({ tags: { Provided: i } })).id);
      const session = await t.session();

      const batches: Work[][] = [];
      for (let i = 0; i < 5; i++)
        batches.push(await session.workMany('AgentStart', { where: PROVIDED, limit: 3 }));

      expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1, 0, 0]);
      const all = batches.flat();
      expect(new Set(all.map((work) => work.machine.id))).toEqual(ids);
      increasingTokens(all);
    });

    it('takes a machine that several parts of an `or` match once', async () => {
      const t = await useTestEngine(options);
      const both = await t.engine.createMachine({ tags: { Provided: true, Other: true } });
      for (let i = 0; i < 3; i++) await t.engine.createMachine({ tags: { Untagged: i } });
      const session = await t.session();

      const where = { or: [{ has: 'Provided' }, { has: 'Other' }] };
      const works = await session.workMany('Install', { where, limit: 5 });

      expect(works.map((work) => work.machine.id)).toEqual([both.id]);
      expect((await t.engine.history()).map((event) => [event.event, event.token])).toEqual([
        ['Started', works[0]!.token],
      ]);
      expect(await t.engine.activeWork()).toHaveLength(1);
    });

    it('reaps expired work on a pair first (Expired, then Started) and hands on the last backoff interval', async () => {
      const t = await useTestEngine(options);
      const machine = await t.engine.createMachine({ tags: { Provided: true } });
      const retried = await t.engine.createMachine({ tags: { Provided: true } });
      const old = await t.session({ intervalMs: 1_000 });
      const lost = await old.work('Install', { machineId: machine.id });
      await (await old.work('Install', { machineId: retried.id })).fail('flaky', { initialMs: 1_000 });
      t.clock.advance(1_000);
      const fresh = await t.session();

      const works = await fresh.workMany('Install', { where: PROVIDED, limit: 2 });

      expect(works.map((work) => work.machine.id).sort()).toEqual([machine.id, retried.id].sort());
      const history = await t.engine.history({ machineId: machine.id });
      const reclaimed = works.find((work) => work.machine.id === machine.id)!;
      expect(history.map((event) => [event.event, event.token])).toEqual([
        ['Started', lost.token],
        ['Expired', lost.token],
        ['Started', reclaimed.token],
      ]);
      const again = works.find((work) => work.machine.id === retried.id)!;
      const backoff = await again.fail('still flaky', { exponent: 2, maximumMs: 60_000 });
      expect(backoff.lastIntervalMs).toBe(2_000);
    });

    it('an expired session claims nothing: SessionExpiredError, state unchanged', async () => {
      const t = await useTestEngine(options);
      for (let i = 0; i < 3; i++) await t.engine.createMachine({ tags: { Provided: i } });
      const session = await t.session({ intervalMs: 1_000 });
      t.clock.advance(1_000);
      const before = await readState(t.engine);

      const error = await rejection(session.workMany('Install', { where: PROVIDED, limit: 3 }));

      expect(error).toBeInstanceOf(SessionExpiredError);
      expect(session.expired).toBe(true);
      expect(await readState(t.engine)).toStrictEqual(before);
      expect(await rejection(session.workMany('Install', { where: PROVIDED, limit: 3 }))).toBeInstanceOf(
        SessionExpiredError,
      );
    });

    it('a closed session claims nothing: ClosedError', async () => {
      const t = await useTestEngine(options);
      await t.engine.createMachine({ tags: { Provided: true } });
      const session = await t.session();
      await session.close();
      expect(await rejection(session.workMany('Install', { where: PROVIDED, limit: 1 }))).toBeInstanceOf(
        ClosedError,
      );
      expect(await t.engine.activeWork()).toEqual([]);
    });

    it('batches of several sessions at once: no pair twice, never two exclusive processes on a machine, every machine taken', async () => {
      const t = await useTestEngine(options);
      const ids = new Set<string>();
      for (let i = 0; i < 30; i++) ids.add((await t.engine.createMachine({ tags: { Provided: i } })).id);
      const processes = ['Recovery', 'Install', 'AgentStart'] as const;
      const sessions = await Promise.all(Array.from({ length: 9 }, () => t.session()));

      for (let round = 0; round < 3; round++) {
        const batches = await Promise.all(
          sessions.map((session, i) => session.workMany(processes[i % 3]!, { where: PROVIDED, limit: 8 })),
        );
        const got = batches.flat();
        const pairs = got.map((work) => `${work.machine.id}/${work.process}`);
        expect(new Set(pairs).size).toBe(pairs.length);
        for (const batch of batches) increasingTokens(batch);
        const live = await t.engine.activeWork();
        expect(live.map((work) => work.token).sort()).toEqual(got.map((work) => work.token).sort());
        for (const work of got) {
          if (work.process === 'Recovery') expect(pairs).not.toContain(`${work.machine.id}/Install`);
        }
        const agentStart = got.filter((work) => work.process === 'AgentStart');
        const rest = await sessions[2]!.workMany('AgentStart', { where: PROVIDED, limit: 30 });
        expect(new Set([...agentStart, ...rest].map((work) => work.machine.id))).toEqual(ids);
        await Promise.all([...got, ...rest].map((work) => work.finish()));
      }
      expect(checkExclusivity(await t.engine.history(), { exclusive: EXCLUSIVE })).toEqual({
        ok: true,
        problems: [],
      });
    });
  });
}

/**
 * The store seen without its optional `claimMany`, so core claims one by one: runs the same
 * tests over core's fallback. Every other member is the store's own, bound to it.
 */
export function withoutClaimMany(store: Store): Store {
  return storeWithout(store, 'claimMany');
}
