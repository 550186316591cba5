import { manualClock, openEngine, ValidationError } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';
import { expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { runWorker } from '../src/index.js';

it("a handler's commit that a tag schema refuses fails the work, writing nothing", async () => {
  const clock = manualClock();
  const engine = await openEngine({
    store: createSqliteStore(),
    processes: ['AgentStart'],
    clock,
    tags: {
      Provided: z.object({ index: z.number() }),
      AgentStarted: z.object({ publicKey: z.string().min(1) }),
    },
  });
  onTestFinished(() => engine.close());
  const { id } = await engine.createMachine({ tags: { Provided: { index: 0 } } });
  const reported: unknown[] = [];
  const worker = runWorker(engine, {
    component: 'provisioner',
    process: 'AgentStart',
    where: { and: [{ has: 'Provided' }, { lacks: 'AgentStarted' }] },
    idleDelayMs: 1,
    heartbeat: false,
    backoff: { initialMs: 60_000 },
    onError: (error) => reported.push(error),
    handle: (work) => {
      // Typed by the engine: the machine's tags as read, the commit as its schemas take it.
      const provided: { index: number } | undefined = work.machine.tags.Provided?.value;
      return { setTags: { AgentStarted: { publicKey: provided === undefined ? 'none' : '' } } };
    },
  });
  await worker.idle();
  await worker.stop();

  expect((await engine.history()).map((event) => event.event)).toEqual(['Started', 'Failed']);
  expect((await engine.backoffs({ machineId: id }))[0]?.cause).toMatch(
    /^handler returned a bad commit: setTags\.AgentStarted: does not match its schema: publicKey: /,
  );
  expect((await engine.machine(id))?.tags).not.toHaveProperty('AgentStarted');
  expect(reported).toEqual([expect.any(ValidationError)]);
});
