import { type Engine, LIMITS, type Session, ValidationError, type Work } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker, type WorkHandler } from '../src/index.js';
import { indexOf, provideMachines, TEST_WORKER } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

const BACKOFF_MS = 60_000;
const cyclic: { name: string; self?: unknown } = { name: 'cyclic' };
cyclic.self = cyclic;

/** Handlers whose failures core would refuse as they are, and the cause each must leave. */
const CASES: { throws: string; act: () => never; cause: string }[] = [
  {
    throws: 'a message with U+0000',
    act: () => {
      throw new Error('exit\u0000code 1');
    },
    cause: 'exit\uFFFDcode 1',
  },
  {
    throws: 'a message whose cut at 4,095 characters splits a surrogate pair',
    act: () => {
      throw new Error(`${'x'.repeat(LIMITS.causeLength - 2)}😀 and more`);
    },
    cause: `${'x'.repeat(LIMITS.causeLength - 2)}…`,
  },
  {
    throws: 'a message with a lone surrogate',
    act: () => {
      throw new Error('bad \uD800 half');
    },
    cause: 'bad \uFFFD half',
  },
  {
    throws: 'a huge message',
    act: () => {
      throw new Error('y'.repeat(1_000_000));
    },
    cause: `${'y'.repeat(LIMITS.causeLength - 1)}…`,
  },
  {
    throws: 'a non-Error value with a cycle',
    act: () => {
      throw cyclic;
    },
    cause: 'handler threw a non-Error value: [object Object]',
  },
];

/** The history of each case's machine, as event names, and its backoff. */
async function outcomes(engine: Engine, ids: readonly string[]) {
  return Promise.all(
    ids.map(async (machineId) => {
      const events = (await engine.history({ machineId })).map((event) => event.event);
      const [backoff] = await engine.backoffs({ machineId });
      return { events, cause: backoff?.cause, until: backoff?.until };
    }),
  );
}

/**
 * Runs a worker over the machines until it is idle. A safety net stops it once the handler
 * ran three times as often as there are machines: a pair claimed again at once (no backoff)
 * would otherwise keep it busy forever.
 */
async function runUntilIdle(engine: Engine, machines: number, handle: WorkHandler): Promise<void> {
  let calls = 0;
  const worker = runWorker(engine, {
    ...TEST_WORKER,
    concurrency: 2,
    backoff: { initialMs: BACKOFF_MS },
    onError: () => {},
    handle: (work, context) => {
      if (++calls > 3 * machines) void worker.stop();
      return handle(work, context);
    },
  });
  await worker.idle().catch(() => {});
  await worker.stop();
}

describeEachStore('a handler throwing what core would refuse as a cause', (open) => {
  it('fails once, into backoff, with a storable cause: no cancel, no re-claim', async () => {
    const { engine, clock } = await open();
    const ids = await provideMachines(engine, CASES.length);
    await runUntilIdle(engine, CASES.length, (work) => CASES[indexOf(work.machine.tags)]!.act());

    const until = clock.now() + BACKOFF_MS;
    expect(await outcomes(engine, ids)).toEqual(
      CASES.map(({ cause }) => ({ events: ['Started', 'Failed'], cause, until })),
    );
    expect(await engine.activeWork()).toEqual([]);
  });

  it('fails with a fixed cause, into backoff, when core still refuses the cause', async () => {
    const { engine, clock } = await open();
    const [id] = await provideMachines(engine, 1);
    const refusing = refusingCause(engine, 'disk on fire');
    await runUntilIdle(refusing, 1, () => {
      throw new Error('disk on fire');
    });

    expect(await outcomes(engine, [id!])).toEqual([
      {
        events: ['Started', 'Failed'],
        cause: 'handler failed; its error could not be stored: cause: refused by this test',
        until: clock.now() + BACKOFF_MS,
      },
    ]);
  });
});

/**
 * The engine, except that `work.fail` refuses `cause` with the ValidationError core throws
 * for a cause it cannot store (as if core's rules had grown past the runner's sanitising).
 */
function refusingCause(engine: Engine, cause: string): Engine {
  const refuseFail = (work: Work): Work =>
    wrap(work, {
      fail: (...args: Parameters<Work['fail']>) =>
        args[0] === cause
          ? Promise.reject(new ValidationError('cause', 'refused by this test'))
          : work.fail(...args),
    });
  const refuseInSession = (session: Session): Session =>
    wrap(session, {
      work: async (...args: Parameters<Session['work']>) => {
        const work = await session.work(...args);
        return work === null ? null : refuseFail(work);
      },
      workMany: async (...args: Parameters<Session['workMany']>) =>
        (await session.workMany(...args)).map(refuseFail),
    });
  return wrap(engine, {
    startSession: async (...args: Parameters<Engine['startSession']>) =>
      refuseInSession(await engine.startSession(...args)),
  });
}

/** `target` with some methods replaced; every other member read from (and bound to) it. */
function wrap<T extends object>(target: T, replaced: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
