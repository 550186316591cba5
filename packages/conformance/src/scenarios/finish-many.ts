import { type FinishOutcome, LIMITS, type Store, StoreError, ValidationError, type Work } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, readState, rejection, useTestEngine } from '../harness.js';

const PROVIDED = { has: 'Provided' } as const;

/** Each outcome as `ok` or the name of its error. */
function names(outcomes: readonly FinishOutcome[]): string[] {
  return outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.name));
}

/** The store, with its finish and finishMany calls going through `around` (which may make the call). */
function aroundFinishes(
  store: Store,
  around: (call: () => Promise<unknown>, operation: 'finish' | 'finishMany') => Promise<unknown>,
): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'finish' && property !== 'finishMany') return value.bind(target);
      return (input: unknown) => around(() => value.call(target, input), property);
    },
  });
}

/**
 * Batched finishes (`session.finishMany`, `Store.finishMany`): each entry exactly as its own
 * finish (checks, commit, events, outcome), in input order, one batch's store errors, and input
 * the engine refuses whole.
 */
export function describeFinishMany(options: ConformanceOptions): void {
  describe('batched finishes (finishMany)', () => {
    it('finishes each entry as finish would, in one store call: backoffs cleared, commits applied in input order, Finished and finished events in input order', async () => {
      const calls: string[] = [];
      const t = await useTestEngine(options, {
        wrap: (store) =>
          aroundFinishes(store, (call, operation) => {
            calls.push(operation);
            return call();
          }),
      });
      const [a, b, c] = await t.engine.createMachines([
        { tags: { Provided: 1, Rack: 'r1' } },
        { tags: { Provided: 2 } },
        { tags: { Provided: 3 } },
      ]);
      const session = await t.session();
      await (await session.work('Install', { machineId: b!.id })).fail('flaky', { initialMs: 1_000 });
      t.clock.advance(1_000);
      const install = await session.workMany('Install', { where: PROVIDED, limit: 3 });
      const agent = await session.work('AgentStart', { machineId: a!.id });
      const byMachine = (id: string) => install.find((work) => work.machine.id === id)!;
      const finished: number[] = [];
      t.engine.on('finished', (event) => finished.push(event.token));
      const before = (await t.engine.history()).length;

      // Two entries write the same machine: the later one's writes win, as two finishes in a row
      // (a tag set then deleted is gone, one deleted then set is there).
      const entries = [
        { work: byMachine(c!.id) },
        {
          work: byMachine(a!.id),
          commit: { setTags: { Installed: 'first', Os: 'linux' }, deleteTags: ['Rack'] },
        },
        { work: byMachine(b!.id), commit: { setTags: { Installed: true } } },
        { work: agent, commit: { setTags: { Installed: 'second', Rack: 'r9' }, deleteTags: ['Os'] } },
      ];
      const outcomes = await session.finishMany(entries);

      expect(outcomes).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: true }]);
      // One batch where the store takes it; else (core's fallback) one finish per entry.
      expect(calls).toEqual(
        t.store.finishMany === undefined ? ['finish', 'finish', 'finish', 'finish'] : ['finishMany'],
      );
      expect(entries.map((entry) => entry.work.done)).toEqual([true, true, true, true]);
      const tokens = entries.map((entry) => entry.work.token);
      expect(finished).toEqual(tokens);
      const events = (await t.engine.history()).slice(before);
      expect(events.map((event) => [event.event, event.token, event.at, event.sessionId])).toEqual(
        tokens.map((token) => ['Finished', token, t.clock.now(), session.id]),
      );
      expect(await t.engine.activeWork()).toEqual([]);
      expect(await t.engine.backoffs()).toEqual([]);
      const tags = (await t.engine.machine(a!.id))!.tags;
      expect(Object.keys(tags).sort()).toEqual(['Installed', 'Provided', 'Rack']);
      expect(tags.Installed).toEqual({ value: 'second', updatedAt: t.clock.now() });
      expect(tags.Rack).toEqual({ value: 'r9', updatedAt: t.clock.now() });
      expect((await t.engine.machine(b!.id))!.tags.Installed?.value).toBe(true);
    });

    it('an entry refused on its own (already done, a bad commit) changes nothing of its own and does not stop the others', async () => {
      const t = await useTestEngine(options);
      await t.engine.createMachines(Array.from({ length: 3 }, (_, i) => ({ tags: { Provided: i } })));
      const session = await t.session();
      const [done, refused, fine] = await session.workMany('Install', { where: PROVIDED, limit: 3 });
      await done!.finish();
      const before = (await t.engine.history()).length;

      const outcomes = await session.finishMany([
        { work: done! },
        { work: refused!, commit: { setTags: { Bad: Number.NaN } } },
        { work: fine! },
      ]);

      expect(names(outcomes)).toEqual(['AlreadyDoneError', 'ValidationError', 'ok']);
      expect(((outcomes[1] as { error: unknown }).error as ValidationError).field).toBe('setTags.Bad');
      expect([refused!.done, fine!.done]).toEqual([false, true]);
      expect((await t.engine.history()).slice(before).map((event) => [event.event, event.token])).toEqual([
        ['Finished', fine!.token],
      ]);
      expect((await t.engine.activeWork()).map((work) => work.token)).toEqual([refused!.token]);
      await refused!.finish();
      expect(await t.engine.activeWork()).toEqual([]);
    });

    it('an entry the store finds lost writes nothing and stops nothing; the engine events come in input order', async () => {
      const t = await useTestEngine(options);
      await t.engine.createMachines(Array.from({ length: 3 }, (_, i) => ({ tags: { Provided: i } })));
      const session = await t.session();
      const works = await session.workMany('Install', { where: PROVIDED, limit: 3 });
      const ended = works[1]!;
      // Another process ended it behind this engine's back: the pair no longer holds its token.
      const ref = {
        sessionId: session.id,
        machineId: ended.machine.id,
        process: 'Install',
        token: ended.token,
      };
      expect(await t.store.cancel({ ...ref, now: t.clock.now() })).toEqual({ ok: true, event: 'Canceled' });
      const events: string[] = [];
      t.engine.on('finished', (event) => events.push(`finished ${event.token}`));
      t.engine.on('lost', (event) => events.push(`lost ${event.token} ${event.reason}`));

      const outcomes = await session.finishMany(
        works.map((work) => ({ work, commit: { setTags: { Installed: true } } })),
      );

      expect(names(outcomes)).toEqual(['ok', 'WorkLostError', 'ok']);
      expect(events).toEqual([
        `finished ${works[0]!.token}`,
        `lost ${ended.token} taken-over`,
        `finished ${works[2]!.token}`,
      ]);
      expect(session.expired).toBe(false);
      const installed = await t.engine.machines({ where: { has: 'Installed' } });
      expect(installed.map((machine) => machine.id).sort()).toEqual(
        [works[0]!.machine.id, works[2]!.machine.id].sort(),
      );
      const history = await t.engine.history({ machineId: ended.machine.id });
      expect(history.map((event) => event.event)).toEqual(['Started', 'Canceled']);
    });

    it('a session found expired: every entry WorkLostError, nothing applied, the session expired', async () => {
      const t = await useTestEngine(options);
      await t.engine.createMachines(Array.from({ length: 2 }, (_, i) => ({ tags: { Provided: i } })));
      const session = await t.session({ intervalMs: 1_000 });
      const works = await session.workMany('Install', { where: PROVIDED, limit: 2 });
      t.clock.advance(1_000);
      const lost: string[] = [];
      t.engine.on('lost', (event) => lost.push(event.reason));
      const before = await readState(t.engine);

      const outcomes = await session.finishMany(
        works.map((work) => ({ work, commit: { setTags: { X: 1 } } })),
      );

      expect(names(outcomes)).toEqual(['WorkLostError', 'WorkLostError']);
      expect(lost).toEqual(['session-expired', 'session-expired']);
      expect(session.expired).toBe(true);
      expect(works.map((work) => work.done)).toEqual([true, true]);
      expect(await readState(t.engine)).toStrictEqual(before);
      expect(names(await session.finishMany([{ work: works[0]! }]))).toEqual(['AlreadyDoneError']);
    });

    it('a closed session: every entry ClosedError, nothing applied', async () => {
      const t = await useTestEngine(options);
      await t.engine.createMachines(Array.from({ length: 2 }, (_, i) => ({ tags: { Provided: i } })));
      const session = await t.session();
      const works = await session.workMany('Install', { where: PROVIDED, limit: 2 });
      await session.close();
      const before = await readState(t.engine);

      const outcomes = await session.finishMany(works.map((work) => ({ work })));

      expect(names(outcomes)).toEqual(['ClosedError', 'ClosedError']);
      expect(await readState(t.engine)).toStrictEqual(before);
    });

    it('a store failure: every entry StoreError, its work still held; finishing again settles it', async () => {
      let failures = 1;
      const failOnce = (store: Store) =>
        aroundFinishes(store, (call) => {
          if (failures === 0) return call();
          failures--;
          return Promise.reject(new Error('connection reset'));
        });
      const t = await useTestEngine(options, { wrap: failOnce });
      await t.engine.createMachines(Array.from({ length: 2 }, (_, i) => ({ tags: { Provided: i } })));
      const session = await t.session();
      const works = await session.workMany('Install', { where: PROVIDED, limit: 2 });

      const outcomes = await session.finishMany(works.map((work) => ({ work })));

      // With the store's finishMany the whole batch failed; without it, the first finish did.
      expect(names(outcomes)[0]).toBe('StoreError');
      expect((outcomes[0] as { error: unknown }).error).toBeInstanceOf(StoreError);
      const failed = works.filter((_, i) => !outcomes[i]!.ok);
      for (const work of failed) expect(work.done).toBe(false);
      const held = await t.engine.activeWork();
      expect(held.map((work) => work.token)).toEqual(failed.map((work) => work.token));
      expect(names(await session.finishMany(failed.map((work) => ({ work }))))).toEqual(
        failed.map(() => 'ok'),
      );
      expect(await t.engine.activeWork()).toEqual([]);
    });

    it('refuses bad input whole with a ValidationError and changes nothing', async () => {
      const t = await useTestEngine(options);
      await t.engine.createMachines(Array.from({ length: 2 }, (_, i) => ({ tags: { Provided: i } })));
      const session = await t.session();
      const other = await t.session();
      const [work] = await session.workMany('Install', { where: PROVIDED, limit: 1 });
      const foreign = await other.work('Install', { where: PROVIDED });
      const before = await readState(t.engine);
      const bad: [string, unknown][] = [
        ['entries', 'all'],
        ['entries', { work }],
        ['entries', Array.from({ length: LIMITS.finishBatch + 1 }, () => ({ work }))],
        ['entries[0]', [null]],
        ['entries[0]', [work]],
        ['entries[0].commits', [{ work, commits: {} }]],
        ['entries[0].work', [{ commit: {} }]],
        ['entries[1].work', [{ work }, { work: foreign }]],
        ['entries[0].work', [{ work: { ...work } }]],
        ['entries[1].work', [{ work }, { work, commit: { setTags: { X: 1 } } }]],
      ];
      for (const [field, entries] of bad) {
        const error = await rejection(session.finishMany(entries as Work[] as never));
        expect({ field, error }).toEqual({ field, error: expect.any(ValidationError) });
        expect((error as ValidationError).field).toBe(field);
      }
      expect(work!.done).toBe(false);
      expect(await readState(t.engine)).toStrictEqual(before);
      expect(await session.finishMany([])).toEqual([]);
      expect(await readState(t.engine)).toStrictEqual(before);
    });

    describeStoreFinishMany(options);
  });
}

/**
 * `Store.finishMany` itself, for stores that implement it: entries of several sessions with
 * every outcome in one call, each judged in input order at the call's now.
 */
function describeStoreFinishMany(options: ConformanceOptions): void {
  it('Store.finishMany: per entry ok, lost or session-expired, in input order, one now; a lost entry changes nothing of its own', async () => {
    const t = await useTestEngine(options);
    if (t.store.finishMany === undefined) return;
    const [a, b, c] = await t.engine.createMachines(
      Array.from({ length: 3 }, (_, i) => ({ tags: { Provided: i } })),
    );
    const old = await t.session({ intervalMs: 1_000 });
    const zombie = await old.work('Install', { machineId: a!.id });
    const stranded = await old.work('Install', { machineId: c!.id });
    t.clock.advance(1_000);
    const session = await t.session();
    const taken = await session.work('Install', { machineId: a!.id });
    const held = await session.work('Install', { machineId: b!.id });
    const before = (await t.engine.history()).length;
    const entry = (work: Work, setTags: Record<string, string> = {}) => ({
      sessionId: work.sessionId,
      machineId: work.machine.id,
      process: work.process,
      token: work.token,
      setTags,
      deleteTags: [],
    });

    const results = await t.store.finishMany({
      finishes: [
        entry(zombie, { Zombie: '1' }),
        entry(held, { Done: '"b"' }),
        { ...entry(taken), token: zombie.token, sessionId: session.id },
        entry(held, { Twice: '2' }),
        entry(taken),
        entry(stranded),
      ],
      now: t.clock.now(),
    });

    expect(results).toEqual([
      { ok: false, reason: 'session-expired' },
      { ok: true },
      { ok: false, reason: 'lost' },
      { ok: false, reason: 'lost' },
      { ok: true },
      { ok: false, reason: 'session-expired' },
    ]);
    const events = (await t.engine.history()).slice(before);
    expect(events.map((event) => [event.event, event.token, event.at])).toEqual([
      ['Finished', held.token, t.clock.now()],
      ['Finished', taken.token, t.clock.now()],
    ]);
    expect((await t.engine.machine(b!.id))!.tags).toEqual({
      Provided: { value: 1, updatedAt: expect.any(Number) },
      Done: { value: 'b', updatedAt: t.clock.now() },
    });
    expect(Object.keys((await t.engine.machine(a!.id))!.tags)).toEqual(['Provided']);
    expect(await t.engine.activeWork()).toEqual([]);
    // The dead session's work is still there: the next claim of its pair reaps it.
    const again = await session.work('Install', { machineId: c!.id });
    const pair = await t.engine.history({ machineId: c!.id });
    expect(pair.map((event) => [event.event, event.token])).toEqual([
      ['Started', stranded.token],
      ['Expired', stranded.token],
      ['Started', again.token],
    ]);
  });
}
