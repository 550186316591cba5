import { LIMITS, ValidationError } from '@tagout/core';
import { expect, it } from 'vitest';
import { FailWork, runWorker, type WorkHandler } from '../src/index.js';
import { indexOf, NEEDS_AGENT, provideMachines } from './support/fleet.js';
import { describeEachStore } from './support/test-engine.js';

const DEFAULT_MS = 5_000;
const LONG = 'x'.repeat(10_000);

/** What each machine's handler does, and the cause and backoff its failure must leave. */
const CASES: { does: string; act: () => unknown; cause: string; backoffMs: number }[] = [
  {
    does: 'throws a string',
    act: () => {
      throw 'boom';
    },
    cause: 'handler threw a non-Error value: "boom"',
    backoffMs: DEFAULT_MS,
  },
  {
    does: 'throws null',
    act: () => {
      throw null;
    },
    cause: 'handler threw a non-Error value: null',
    backoffMs: DEFAULT_MS,
  },
  {
    does: 'throws a plain object',
    act: () => {
      throw { code: 42 };
    },
    cause: 'handler threw a non-Error value: {"code":42}',
    backoffMs: DEFAULT_MS,
  },
  {
    does: 'throws an Error without a message',
    act: () => {
      throw new TypeError('');
    },
    cause: 'handler threw TypeError without a message',
    backoffMs: DEFAULT_MS,
  },
  {
    does: 'throws an oversized string',
    act: () => {
      throw LONG;
    },
    cause: `${`handler threw a non-Error value: "${LONG}`.slice(0, LIMITS.causeLength - 1)}…`,
    backoffMs: DEFAULT_MS,
  },
  {
    does: 'rejects with an Error',
    act: () => Promise.reject(new Error('disk full')),
    cause: 'disk full',
    backoffMs: DEFAULT_MS,
  },
  {
    does: 'throws FailWork with its own policy',
    act: () => {
      throw new FailWork('BMC unreachable', { policy: { initialMs: 600_000 } });
    },
    cause: 'BMC unreachable',
    backoffMs: 600_000,
  },
  {
    does: 'throws FailWork with a policy core refuses',
    act: () => {
      throw new FailWork('odd policy', { policy: { initialMs: -1 } });
    },
    cause: 'odd policy',
    backoffMs: DEFAULT_MS,
  },
  {
    does: 'returns a commit core refuses',
    act: () => ({ setTags: { 'not a name!': 1 } }),
    cause:
      'handler returned a bad commit: setTags name: "not a name!" must start with a letter or _ and use only letters, digits and _ . : / -',
    backoffMs: DEFAULT_MS,
  },
];

describeEachStore('a handler that fails', (open) => {
  it('fails the work with a clear cause and the right policy, and the loop goes on', async () => {
    const { engine, clock } = await open();
    const ids = await provideMachines(engine, CASES.length);
    const reported: unknown[] = [];
    const worker = runWorker(engine, {
      component: 'provisioner',
      process: 'AgentStart',
      where: NEEDS_AGENT,
      concurrency: 3,
      idleDelayMs: 1,
      heartbeat: false,
      backoff: { initialMs: DEFAULT_MS },
      onError: (error) => reported.push(error),
      handle: ((work) => CASES[indexOf(work.machine.tags)]?.act()) as WorkHandler,
    });
    await worker.idle();
    await worker.stop();

    const now = clock.now();
    for (const [index, { does, cause, backoffMs }] of CASES.entries()) {
      const [backoff] = await engine.backoffs({ machineId: ids[index]! });
      expect({ does, cause: backoff?.cause, until: backoff?.until }).toEqual({
        does,
        cause,
        until: now + backoffMs,
      });
    }
    expect(worker.stats()).toMatchObject({
      claimed: CASES.length,
      failed: CASES.length,
      finished: 0,
      inFlight: 0,
    });
    // The refused policy and the refused commit are reported; the failures themselves are history.
    expect(reported.map((error) => (error as ValidationError).field)).toEqual(
      expect.arrayContaining(['policy.initialMs', 'setTags name']),
    );
    expect(reported.every((error) => error instanceof ValidationError)).toBe(true);
  });
});
