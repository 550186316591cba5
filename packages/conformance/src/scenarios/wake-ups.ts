import {
  ClosedError,
  type Engine,
  openEngine,
  type Session,
  type Store,
  ValidationError,
  type WakeUp,
} from '@tagout/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type ConformanceOptions, EXCLUSIVE, PROCESSES, rejection, useTestEngine } from '../harness.js';
import { recordSignals } from '../signal-recorder.js';
import { storeSubscribes } from '../store-subscribes.js';
import { withoutSubscribe } from '../without-subscribe.js';

const PROVIDED = { has: 'Provided' } as const;

/** Claims of Install by `PROVIDED`, single and batched; each resolves to the ids it took. */
const CLAIMS: readonly (readonly [string, (session: Session) => Promise<string[]>])[] = [
  [
    'a claim (work)',
    async (session) => {
      const work = await session.work('Install', { where: PROVIDED });
      return work === null ? [] : [work.machine.id];
    },
  ],
  [
    'a batched claim (workMany)',
    async (session) =>
      (await session.workMany('Install', { where: PROVIDED, limit: 4 })).map((work) => work.machine.id),
  ],
];

/**
 * Wake-ups: `engine.waitForWork` over the store's signals. The safety poll runs on every store;
 * the rest on stores that implement `subscribe` (see {@link storeSubscribes}); the signals
 * themselves are the `wake-signals` group.
 */
export function describeWakeUps(options: ConformanceOptions): void {
  describe('wake-ups', async () => {
    const subscribes = await storeSubscribes(options);

    it('the safety poll ends the wait on a store that never signals; the next claim finds the work', async () => {
      const t = await useTestEngine(options, { wrap: withoutSubscribe });
      const session = await t.session();
      expect(await session.work('Install', { where: PROVIDED })).toBeNull();
      const machine = await t.engine.createMachine({ tags: { Provided: true } });

      expect(await t.engine.waitForWork('Install', { timeoutMs: 5 })).toEqual({ reason: 'timeout' });
      expect((await session.work('Install', { where: PROVIDED }))?.machine.id).toBe(machine.id);
    });

    it('waitForWork refuses bad input with a ValidationError', async () => {
      const t = await useTestEngine(options);
      const bad: [string, unknown][] = [
        ['process', ['Unknown', {}]],
        ['options.timeout', ['Install', { timeout: 5 }]],
        ['timeoutMs', ['Install', { timeoutMs: -1 }]],
        ['timeoutMs', ['Install', { timeoutMs: Number.NaN }]],
        ['timeoutMs', ['Install', { timeoutMs: 2 ** 31 }]],
        ['signal', ['Install', { signal: 'stop' }]],
        ['options', ['Install', null]],
      ];
      for (const [field, args] of bad) {
        const [process, waitOptions] = args as [string, never];
        const error = await rejection(t.engine.waitForWork(process, waitOptions));
        expect({ field, error }).toEqual({ field, error: expect.any(ValidationError) });
        expect((error as ValidationError).field).toBe(field);
      }
    });

    it('an aborted signal ends the wait with `aborted`', async () => {
      const t = await useTestEngine(options);
      const controller = new AbortController();
      const wait = t.engine.waitForWork('Install', { signal: controller.signal });
      controller.abort();
      expect(await wait).toEqual({ reason: 'aborted' });
      expect(await t.engine.waitForWork('Install', { signal: controller.signal })).toEqual({
        reason: 'aborted',
      });
    });

    if (!subscribes) return;

    it("the engine's first wait subscribes; it returns `change` once listening (what came before is unknown)", async () => {
      const t = await useTestEngine(options);
      expect(await t.engine.waitForWork('Install')).toEqual({ reason: 'change' });
    });

    for (const [how, claimInstall] of CLAIMS) {
      it(`no lost wake-up: a change committed between ${how} that found nothing and the wait ends the wait at once`, async () => {
        const t = await useTestEngine(options);
        await listening(t.engine);
        const signals = await recordSignals(t.store);
        onTestFinished(() => signals.close());
        const session = await t.session();
        expect(await claimInstall(session)).toEqual([]);
        const machine = await t.engine.createMachine({ tags: { Provided: true } });
        // The engine has heard it too (it subscribed first): the wait must not wait for another.
        expect(await signals.next()).toBeNull();

        expect(await t.engine.waitForWork('Install', { timeoutMs: 0 })).toEqual({ reason: 'change' });
        expect(await claimInstall(session)).toEqual([machine.id]);
      });

      it(`a wait ends when the earliest backoff that ${how} reported ends (manual clock)`, async () => {
        const t = await useTestEngine(options);
        await listening(t.engine);
        const signals = await recordSignals(t.store);
        onTestFinished(() => signals.close());
        const machine = await t.engine.createMachine({ tags: { Provided: true } });
        expect(await signals.next()).toBeNull();
        const session = await t.session({ intervalMs: 3_600_000 });
        await (await session.work('Install', { machineId: machine.id })).fail('boom', { initialMs: 60_000 });
        // Heard before the claim begins (a store may signal after the call returned), so only the
        // backoff's end can end the wait.
        expect(await signals.next()).toEqual(['Install']);
        t.clock.advance(10_000);
        expect(await claimInstall(session)).toEqual([]);
        const woke = settled(t.engine.waitForWork('Install'));

        t.clock.advance(49_999);
        expect(await woke.now()).toBeUndefined();
        t.clock.advance(1);
        expect(await woke.promise).toEqual({ reason: 'backoff-ended' });
        expect(await claimInstall(session)).toEqual([machine.id]);
      });
    }

    it('a wait wakes for its process and the processes exclusive with it, not for others', async () => {
      const t = await useTestEngine(options);
      await listening(t.engine);
      const signals = await recordSignals(t.store);
      onTestFinished(() => signals.close());
      const [machine, elsewhere] = await t.engine.createMachines([
        { tags: { Provided: true } },
        { tags: { Provided: true } },
      ]);
      expect(await signals.next()).toBeNull();
      const session = await t.session();
      const install = await session.work('Install', { machineId: machine!.id });
      const second = await session.work('Install', { machineId: elsewhere!.id });
      expect(await session.work('Recovery', { where: PROVIDED })).toBeNull();
      const woke = settled(t.engine.waitForWork('Recovery'));

      await (await session.work('AgentStart', { machineId: machine!.id })).finish();
      expect(await signals.next()).toEqual(['AgentStart']);
      expect(await woke.now()).toBeUndefined();

      await install.finish();
      expect(await signals.next()).toEqual(['Install']);
      expect(await woke.promise).toEqual({ reason: 'change' });
      expect((await session.work('Recovery', { where: PROVIDED }))?.machine.id).toBe(machine!.id);
      await second.cancel();
    });

    it('the engine subscribes once, at its first wait, and engine.close() ends the subscription and the waits', async () => {
      const calls: string[] = [];
      const t = await useTestEngine(options, { wrap: (store) => recordingSubscriptions(store, calls) });
      const session = await t.session();
      expect(await session.work('Install', { where: PROVIDED })).toBeNull();
      expect(calls).toEqual([]);

      await listening(t.engine);
      expect(await t.engine.waitForWork('AgentStart', { timeoutMs: 0 })).toEqual({ reason: 'timeout' });
      expect(await session.work('Install', { where: PROVIDED })).toBeNull();
      const pending = rejection(t.engine.waitForWork('Install'));
      expect(calls).toEqual(['subscribe']);
      await t.engine.close();

      expect(await pending).toBeInstanceOf(ClosedError);
      expect(calls).toEqual(['subscribe', 'subscription.close']);
      expect(await rejection(t.engine.waitForWork('Install'))).toBeInstanceOf(ClosedError);
    });

    if (options.createPeer === undefined) return;
    const createPeer = options.createPeer;

    it('a second store instance on the same store hears the signal: its engine wakes and claims', async () => {
      const t = await useTestEngine(options);
      const peer = await openEngine({
        store: await createPeer(t.store),
        processes: PROCESSES,
        exclusive: EXCLUSIVE,
        clock: t.clock,
        onError: (error) => t.reported.push(error),
      });
      try {
        await listening(peer);
        const session = await peer.startSession({ component: 'peer', heartbeat: false });
        expect(await session.work('Install', { where: PROVIDED })).toBeNull();
        const woke = peer.waitForWork('Install');

        const machine = await t.engine.createMachine({ tags: { Provided: true } });
        expect(await woke).toEqual({ reason: 'change' });
        expect((await session.work('Install', { where: PROVIDED }))?.machine.id).toBe(machine.id);
      } finally {
        await peer.close();
      }
    });
  });
}

/** Waits for the engine's first wait to return: from then on its store subscription listens. */
async function listening(engine: Engine): Promise<void> {
  expect(await engine.waitForWork('AgentStart')).toEqual({ reason: 'change' });
}

/**
 * A wait, and `now()`: its result if it has ended by the time the event loop has turned twice
 * (a wake-up that was due has been delivered by then), else undefined.
 */
function settled(wait: Promise<WakeUp>): { promise: Promise<WakeUp>; now(): Promise<WakeUp | undefined> } {
  let result: WakeUp | undefined;
  void wait.then((value) => {
    result = value;
  });
  return {
    promise: wait,
    async now() {
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      return result;
    },
  };
}

/** The real store, recording `subscribe` calls and their subscriptions' `close` into `calls`. */
function recordingSubscriptions(store: Store, calls: string[]): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'subscribe') return value.bind(target);
      return async (...args: unknown[]) => {
        calls.push('subscribe');
        const subscription = await value.apply(target, args);
        return {
          close: () => {
            calls.push('subscription.close');
            return subscription.close();
          },
        };
      };
    },
  });
}
