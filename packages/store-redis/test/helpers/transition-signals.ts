import type { Signal, SignalRecorder } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import { expect, it } from 'vitest';
import { signalsBeforeMarker } from './signals-until.js';

const NOW = Date.UTC(2026, 0, 1);

/** How {@link describeTransitionSignals} reaches a store's signals. */
export interface SignalRig {
  /** What a subscriber (on another store instance and connection than the writers) hears. */
  signals: SignalRecorder;
  /** A store on the same database or namespace; each act runs on a fresh one, closed after it. */
  newStore(): Store;
  /** Publishes `name` on the signal channel: heard after every signal of a closed writer. */
  mark(name: string): Promise<void>;
}

/**
 * The stores' own tests of what each transition signals (see `Store.subscribe`): every act runs on
 * a store of its own, closed after it (so every signal it raised is out), then a marker follows,
 * and the test compares what the subscriber heard before the marker.
 */
export function describeTransitionSignals(rig: () => SignalRig): void {
  let marks = 0;
  async function heardFrom(act: (store: Store) => Promise<unknown>): Promise<Signal[]> {
    const writer = rig().newStore();
    await writer.open();
    await act(writer);
    await writer.close();
    const marker = `marker-${++marks}`;
    await rig().mark(marker);
    return signalsBeforeMarker(rig().signals, marker);
  }
  async function newMachine(tags: Record<string, string> = {}): Promise<string> {
    const id = crypto.randomUUID();
    await heardFrom((store) => store.createMachine({ id, tags, now: NOW }));
    return id;
  }
  async function newSession(): Promise<string> {
    const id = crypto.randomUUID();
    const input = { id, component: 'test', runtimeInfo: '', intervalMs: 60_000, retentionMs: 0, now: NOW };
    expect(await heardFrom((store) => store.createSession(input))).toEqual([]);
    return id;
  }

  it('machines and tags written: null; refused writes: nothing', async () => {
    const id = crypto.randomUUID();
    expect(await heardFrom((s) => s.createMachine({ id, tags: {}, now: NOW }))).toEqual([null]);
    const machines = [{ id: crypto.randomUUID(), tags: { A: '1' } }];
    expect(await heardFrom((s) => s.createMachines({ machines, now: NOW }))).toEqual([null]);
    expect(await heardFrom((s) => s.setTags({ machineId: id, tags: { A: '1' }, now: NOW }))).toEqual([null]);
    const many = [{ machineId: id, tags: { B: '2' } }];
    expect(await heardFrom((s) => s.setTagsMany({ machines: many, now: NOW }))).toEqual([null]);
    expect(await heardFrom((s) => s.deleteTags({ machineId: id, names: ['A'], now: NOW }))).toEqual([null]);

    expect(await heardFrom((s) => s.createMachine({ id, tags: {}, now: NOW }))).toEqual([]);
    const missing = crypto.randomUUID();
    expect(await heardFrom((s) => s.setTags({ machineId: missing, tags: { A: '1' }, now: NOW }))).toEqual([]);
    expect(await heardFrom((s) => s.deleteTags({ machineId: missing, names: ['A'], now: NOW }))).toEqual([]);
  });

  it('work ended by finish, fail, cancel: its process (null when finish wrote tags); claims: nothing', async () => {
    const id = await newMachine({ Mine: '1' });
    const sessionId = await newSession();
    const claim = async (now = NOW) => {
      let token = 0;
      let machineId = '';
      const heard = await heardFrom(async (s) => {
        const target = { filter: { kind: 'has' as const, tag: 'Mine' } };
        const r = await s.claim({ sessionId, process: 'P', blockers: ['P'], target, now });
        if (!r.ok) throw new Error(`claim: ${r.reason}`);
        ({
          token,
          machine: { id: machineId },
        } = r.work);
      });
      expect(heard).toEqual([]);
      expect(machineId).toBe(id);
      return { sessionId, machineId, process: 'P', token, now };
    };

    let work = await claim();
    expect(await heardFrom((s) => s.finish({ ...work, setTags: {}, deleteTags: [] }))).toEqual([['P']]);
    work = await claim();
    expect(await heardFrom((s) => s.finish({ ...work, setTags: { Done: 'true' }, deleteTags: [] }))).toEqual([
      null,
    ]);
    work = await claim();
    expect(await heardFrom((s) => s.finish({ ...work, setTags: {}, deleteTags: ['Done'] }))).toEqual([null]);
    work = await claim();
    const fail = { ...work, cause: 'no', intervalMs: 1000, delayMs: 1000 };
    expect(await heardFrom((s) => s.fail(fail))).toEqual([['P']]);
    // The backoff has ended; finishing clears it.
    work = await claim(NOW + 2000);
    expect(await heardFrom((s) => s.finish({ ...work, setTags: {}, deleteTags: [] }))).toEqual([['P']]);
    work = await claim();
    expect(await heardFrom((s) => s.cancel(work))).toEqual([['P']]);
    // Ending work this token no longer holds changes nothing.
    expect(await heardFrom((s) => s.finish({ ...work, setTags: {}, deleteTags: [] }))).toEqual([]);
    expect(await heardFrom((s) => s.cancel(work))).toEqual([]);
  });

  it('finishMany: one signal, the processes of the finishes applied (null when one wrote tags); none applied: nothing', async () => {
    const [m1, m2] = [await newMachine(), await newMachine()];
    const sessionId = await newSession();
    const claimAll = async () => {
      const works: { sessionId: string; machineId: string; process: string; token: number }[] = [];
      await heardFrom(async (s) => {
        for (const [machineId, process] of [
          [m1, 'P'],
          [m1, 'Q'],
          [m2, 'P'],
        ] as const) {
          const r = await s.claim({
            sessionId,
            process,
            blockers: [process],
            target: { machineId },
            now: NOW,
          });
          if (!r.ok) throw new Error(`claim: ${r.reason}`);
          works.push({ sessionId, machineId, process, token: r.work.token });
        }
      });
      return works.map((work) => ({ ...work, setTags: {}, deleteTags: [] as string[] }));
    };
    const finishMany = (finishes: Parameters<NonNullable<Store['finishMany']>>[0]['finishes']) =>
      heardFrom((s) => s.finishMany!({ finishes, now: NOW }));

    const plain = await claimAll();
    expect(await finishMany(plain)).toEqual([['P', 'Q']]);
    // All lost now: nothing changes, nothing is signalled.
    expect(await finishMany(plain)).toEqual([]);
    const tagged = await claimAll();
    expect(await finishMany([tagged[0]!, { ...tagged[1]!, setTags: { Done: 'true' } }, tagged[2]!])).toEqual([
      null,
    ]);
  });

  it('closeSession that released work: the processes of that work; one that released none: nothing', async () => {
    const [m1, m2] = [await newMachine(), await newMachine()];
    const sessionId = await newSession();
    await heardFrom(async (s) => {
      await s.claim({ sessionId, process: 'P', blockers: ['P'], target: { machineId: m1 }, now: NOW });
      await s.claim({ sessionId, process: 'Q', blockers: ['Q'], target: { machineId: m1 }, now: NOW });
      await s.claim({ sessionId, process: 'P', blockers: ['P'], target: { machineId: m2 }, now: NOW });
    });
    expect(await heardFrom((s) => s.closeSession({ sessionId, now: NOW }))).toEqual([['P', 'Q']]);
    const idle = await newSession();
    expect(await heardFrom((s) => s.closeSession({ sessionId: idle, now: NOW }))).toEqual([]);
  });

  it('clearBackoff that changed a backoff: its process; deleteMachine, prune and reads: nothing', async () => {
    const id = await newMachine();
    const sessionId = await newSession();
    await heardFrom(async (s) => {
      const r = await s.claim({
        sessionId,
        process: 'P',
        blockers: ['P'],
        target: { machineId: id },
        now: NOW,
      });
      if (!r.ok) throw new Error(r.reason);
      const ref = { sessionId, machineId: id, process: 'P', token: r.work.token, now: NOW };
      await s.fail({ ...ref, cause: 'x', intervalMs: 1, delayMs: 5000 });
    });
    const clear = { machineId: id, process: 'P', reason: null, resetInterval: false, now: NOW };
    expect(await heardFrom((s) => s.clearBackoff(clear))).toEqual([['P']]);
    // Ended already: nothing changes (without resetInterval), nothing is signalled.
    expect(await heardFrom((s) => s.clearBackoff(clear))).toEqual([]);
    expect(await heardFrom((s) => s.clearBackoff({ ...clear, resetInterval: true }))).toEqual([['P']]);

    expect(
      await heardFrom(async (s) => {
        await s.getMachine({ machineId: id });
        await s.listMachines({ limit: 10, now: NOW });
        await s.history({ limit: 10 });
        await s.backoffs({ activeOnly: false, limit: 10, now: NOW });
        await s.listSessions({ aliveOnly: false, limit: 10, now: NOW });
        await s.activeWork({ limit: 10, now: NOW });
        await s.stats({ now: NOW });
        await s.heartbeat({ sessionId, retentionMs: 0, now: NOW });
        await s.pruneHistory({ olderThanMs: 0, limit: 10, now: NOW + 1 });
        await s.deleteMachine({ machineId: id, now: NOW });
      }),
    ).toEqual([]);
  });
}
