import { compileFilter, type Store } from '@tagout/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type ConformanceOptions, type TestEngine, useTestEngine } from '../harness.js';
import { recordSignals, type Signal, type SignalRecorder } from '../signal-recorder.js';
import { storeSubscribes } from '../store-subscribes.js';

const PROVIDED = { has: 'Provided' } as const;

/** An engine over a fresh store, and a subscription of the test's own on that store. */
async function withRecorder(options: ConformanceOptions): Promise<TestEngine & { signals: SignalRecorder }> {
  const t = await useTestEngine(options);
  const signals = await recordSignals(t.store);
  onTestFinished(() => signals.close());
  return { ...t, signals };
}

/**
 * `Store.subscribe`: which transitions signal which processes (the contract's list), that
 * claims and reads signal nothing, and `retryInMs` of a claim that finds nothing. Registers
 * nothing for a store without `subscribe` (see {@link storeSubscribes}).
 */
export function describeWakeSignals(options: ConformanceOptions): void {
  describe('wake-up signals', async () => {
    if (!(await storeSubscribes(options))) return;
    describeSignals(options);
    describeRetryIn(options);
  });
}

/** Which transitions signal what; claims and reads signal nothing. */
function describeSignals(options: ConformanceOptions): void {
  describe('signals', () => {
    it('machine and tag writes signal null: createMachine(s), setTags(Many), deleteTags', async () => {
      const t = await withRecorder(options);
      const machine = await t.engine.createMachine({ tags: { Provided: true } });
      expect(await t.signals.next()).toBeNull();
      const [other] = await t.engine.createMachines([{ tags: { Provided: true } }]);
      expect(await t.signals.next()).toBeNull();
      await t.engine.setTags(machine.id, { Rack: 'r1' });
      expect(await t.signals.next()).toBeNull();
      await t.engine.setTagsMany([{ machineId: other!.id, tags: { Rack: 'r2' } }]);
      expect(await t.signals.next()).toBeNull();
      await t.engine.deleteTags(machine.id, ['Rack']);
      expect(await t.signals.next()).toBeNull();
    });

    it('finish signals its process, or null when it wrote or deleted tags', async () => {
      const t = await withRecorder(options);
      const machine = await t.engine.createMachine({ tags: { Provided: true } });
      expect(await t.signals.next()).toBeNull();
      const session = await t.session();
      await (await session.work('Install', { machineId: machine.id })).finish();
      expect(await t.signals.next()).toEqual(['Install']);
      await (await session.work('AgentStart', { machineId: machine.id })).finish({
        setTags: { AgentStarted: true },
      });
      expect(await t.signals.next()).toBeNull();
      await (await session.work('AgentStart', { machineId: machine.id })).finish({
        deleteTags: ['AgentStarted'],
      });
      expect(await t.signals.next()).toBeNull();
    });

    it('finishMany signals the processes of the finishes it applied, or null when one wrote or deleted tags (in one signal or several)', async () => {
      const t = await withRecorder(options);
      const [a, b] = await t.engine.createMachines([
        { tags: { Provided: true } },
        { tags: { Provided: true } },
      ]);
      expect(await t.signals.next()).toBeNull();
      const session = await t.session();
      const plain = [
        await session.work('Install', { machineId: a!.id }),
        await session.work('AgentStart', { machineId: a!.id }),
        await session.work('Install', { machineId: b!.id }),
      ];
      await plain[0]!.finish();
      expect(await t.signals.next()).toEqual(['Install']);

      // The first entry is already done: it is not sent, and signals nothing.
      await session.finishMany(plain.map((work) => ({ work })));
      const heard = await heardUntil(t.signals, (signals) => covers(signals, ['AgentStart', 'Install']));
      expect(heard).not.toContain(null);
      expect(new Set(heard.flat())).toEqual(new Set(['AgentStart', 'Install']));

      const tagged = [
        await session.work('Recovery', { machineId: a!.id }),
        await session.work('AgentStart', { machineId: b!.id }),
      ];
      await session.finishMany([
        { work: tagged[0]! },
        { work: tagged[1]!, commit: { deleteTags: ['Provided'] } },
      ]);
      const untilNull = await heardUntil(t.signals, (signals) => signals.includes(null));
      expect(new Set(untilNull.flat())).toEqual(
        new Set(untilNull.length === 1 ? [null] : ['Recovery', null]),
      );
      // Nothing else was signalled: the next signal is the marker's.
      await (await session.work('Install', { machineId: b!.id })).cancel();
      expect(await t.signals.next()).toEqual(['Install']);
    });

    it('fail and cancel signal their process', async () => {
      const t = await withRecorder(options);
      const machine = await t.engine.createMachine();
      expect(await t.signals.next()).toBeNull();
      const session = await t.session();
      await (await session.work('Recovery', { machineId: machine.id })).fail('BMC unreachable');
      expect(await t.signals.next()).toEqual(['Recovery']);
      await (await session.work('AgentStart', { machineId: machine.id })).cancel();
      expect(await t.signals.next()).toEqual(['AgentStart']);
    });

    it('closing a session signals the processes of the work it released', async () => {
      const t = await withRecorder(options);
      const machine = await t.engine.createMachine();
      expect(await t.signals.next()).toBeNull();
      const session = await t.session();
      await session.work('Install', { machineId: machine.id });
      await session.work('AgentStart', { machineId: machine.id });
      await session.close();
      expect(await t.signals.next()).toEqual(['AgentStart', 'Install']);
    });

    it('clearBackoff that ends a backoff signals its process', async () => {
      const t = await withRecorder(options);
      const machine = await t.engine.createMachine();
      expect(await t.signals.next()).toBeNull();
      const session = await t.session();
      for (const resetInterval of [false, true]) {
        await (await session.work('Install', { machineId: machine.id })).fail('disk on fire');
        expect(await t.signals.next()).toEqual(['Install']);
        await t.engine.clearBackoff({ machineId: machine.id, process: 'Install', resetInterval });
        expect(await t.signals.next()).toEqual(['Install']);
      }
    });

    it('claims, reads, deleteMachine and pruneHistory signal nothing', async () => {
      const t = await withRecorder(options);
      const [held, backedOff, spare] = await t.engine.createMachines([
        { tags: { Provided: true } },
        { tags: { Provided: true } },
        { tags: {} },
      ]);
      expect(await t.signals.next()).toBeNull();
      const session = await t.session();
      await (await session.work('Install', { machineId: backedOff!.id })).fail('boom');
      expect(await t.signals.next()).toEqual(['Install']);

      // None of these may signal: the next signal heard is the marker's.
      await session.work('Install', { machineId: held!.id });
      await session.work('AgentStart', { where: PROVIDED });
      expect(await session.work('Install', { where: PROVIDED })).toBeNull();
      await t.engine.machines();
      await t.engine.machine(held!.id);
      await t.engine.history();
      await t.engine.backoffs();
      await t.engine.activeWork();
      await t.engine.sessions();
      await t.engine.stats();
      await t.engine.deleteMachine(spare!.id);
      t.clock.advance(1_000);
      expect(await t.engine.pruneHistory({ olderThanMs: 1 })).toBeGreaterThan(0);
      // The marker: a cancel, which signals its process.
      await (await session.work('Recovery', { machineId: backedOff!.id })).cancel();
      expect(await t.signals.next()).toEqual(['Recovery']);
    });
  });
}

/** `retryInMs` of a claim by filter that finds nothing. */
function describeRetryIn(options: ConformanceOptions): void {
  describe('retryInMs', () => {
    it('a claim by filter that finds nothing tells when the earliest active backoff of its process ends', async () => {
      const t = await useTestEngine(options);
      const session = await t.session({ intervalMs: 3_600_000 });
      const claim = claimInstall(t.store, session.id, t.clock);
      expect(await claim()).toEqual({ ok: false, reason: 'nothing' });

      const [soon, later, held, other] = await t.engine.createMachines(
        Array.from({ length: 4 }, () => ({ tags: { Provided: true } })),
      );
      const start = t.clock.now();
      await (await session.work('Install', { machineId: later!.id })).fail('slow', { initialMs: 60_000 });
      await (await session.work('Install', { machineId: soon!.id })).fail('fast', { initialMs: 1_000 });
      await (await session.work('Recovery', { machineId: other!.id })).fail('other process', {
        initialMs: 20_000,
      });
      t.clock.advance(10_000);
      // soon's backoff has ended (inactive: it does not count); held and other are held.
      await session.work('Install', { machineId: soon!.id });
      await session.work('Install', { machineId: held!.id });
      await session.work('Install', { machineId: other!.id });

      expect(await claim()).toEqual({
        ok: false,
        reason: 'nothing',
        retryInMs: start + 60_000 - t.clock.now(),
      });
      t.clock.advance(49_999);
      expect(await claim()).toEqual({ ok: false, reason: 'nothing', retryInMs: 1 });
      t.clock.advance(1);
      expect((await claim()).ok).toBe(true);
      expect(await claim()).toEqual({ ok: false, reason: 'nothing' });
    });
  });
}

/** A raw claim of Install by `{ has: 'Provided' }` at the clock's now, as the engine sends it. */
function claimInstall(store: Store, sessionId: string, clock: { now(): number }) {
  const filter = compileFilter(PROVIDED);
  return () =>
    store.claim({
      sessionId,
      process: 'Install',
      blockers: ['Install', 'Recovery'],
      target: { filter },
      now: clock.now(),
    });
}

/** Signals heard, from the next one on, until `done` says the list is complete. */
async function heardUntil(
  signals: SignalRecorder,
  done: (heard: readonly Signal[]) => boolean,
): Promise<Signal[]> {
  const heard: Signal[] = [];
  while (!done(heard)) heard.push(await signals.next());
  return heard;
}

/** Whether the signals name every process of `processes`. */
function covers(signals: readonly Signal[], processes: readonly string[]): boolean {
  return processes.every((process) => signals.some((signal) => signal?.includes(process)));
}
