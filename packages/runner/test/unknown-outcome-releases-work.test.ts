import { SessionExpiredError, StoreError } from '@tagout/core';
import { expect, it } from 'vitest';
import { runWorker } from '../src/index.js';
import { NEEDS_AGENT, provideMachines, TEST_WORKER } from './support/fleet.js';
import { failingStore, lostReplyStore } from './support/store-wrappers.js';
import { describeEachStore } from './support/test-engine.js';

describeEachStore('a claim whose reply is lost', (open) => {
  it('retires the session, so the work it took unknowingly is released and claimable', async () => {
    const { engine } = await open({ wrap: (store) => lostReplyStore(store, 'claim', 1) });
    const [id = ''] = await provideMachines(engine, 1);
    const session = await engine.startSession({ component: 'test', heartbeat: false });

    const error = await session.work('AgentStart', { where: NEEDS_AGENT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(session.expired).toBe(true);
    await session.close();
    await expect(session.work('AgentStart', { where: NEEDS_AGENT })).rejects.toBeInstanceOf(
      SessionExpiredError,
    );

    const history = await engine.history({ machineId: id });
    expect(history.map((event) => [event.event, event.sessionId])).toEqual([
      ['Started', session.id],
      ['Canceled', session.id],
    ]);
    expect(await engine.activeWork()).toEqual([]);
    const fresh = await engine.startSession({ component: 'test', heartbeat: false });
    const work = await fresh.work('AgentStart', { where: NEEDS_AGENT });
    expect(work?.machine.id).toBe(id);
    await work?.cancel();
  });

  it('of a batch retires the session, so every work it took unknowingly is released and claimable', async () => {
    const { engine } = await open({ wrap: (store) => lostReplyStore(store, 'claimMany', 1) });
    const ids = await provideMachines(engine, 3);
    const session = await engine.startSession({ component: 'test', heartbeat: false });

    const error = await session
      .workMany('AgentStart', { where: NEEDS_AGENT, limit: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(session.expired).toBe(true);
    await session.close();

    const history = await engine.history();
    expect(history.map((event) => event.event)).toEqual([
      'Started',
      'Started',
      'Started',
      'Canceled',
      'Canceled',
      'Canceled',
    ]);
    expect(new Set(history.map((event) => event.sessionId))).toEqual(new Set([session.id]));
    expect(await engine.activeWork()).toEqual([]);
    const fresh = await engine.startSession({ component: 'test', heartbeat: false });
    const works = await fresh.workMany('AgentStart', { where: NEEDS_AGENT, limit: 5 });
    expect(new Set(works.map((work) => work.machine.id))).toEqual(new Set(ids));
    await Promise.all(works.map((work) => work.cancel()));
  });

  it('does not strand work under the runner: every machine is done', async () => {
    const { engine } = await open({ wrap: (store) => lostReplyStore(store, 'claimMany', 2) });
    await provideMachines(engine, 4);
    const worker = runWorker(engine, {
      ...TEST_WORKER,
      concurrency: 2,
      storeRetry: { initialMs: 1, maximumMs: 4 },
      handle: () => ({ setTags: { AgentStarted: true } }),
      onError: () => {},
    });
    await worker.idle();
    await worker.stop();

    expect(await engine.machines({ where: NEEDS_AGENT })).toEqual([]);
    expect(await engine.activeWork()).toEqual([]);
    const history = await engine.history();
    const ended = new Set(history.filter((event) => event.event !== 'Started').map((event) => event.token));
    expect(history.filter((event) => event.event === 'Started' && !ended.has(event.token))).toEqual([]);
  });
});

describeEachStore('a cancel the store fails', (open) => {
  it('retires the session, so the pair is released rather than held by a live session', async () => {
    const { engine, reported } = await open({ wrap: (store) => failingStore(store, 'cancel', 1) });
    const [id = ''] = await provideMachines(engine, 1);
    const session = await engine.startSession({ component: 'test', heartbeat: false });
    const work = await session.work('AgentStart', { machineId: id });

    await work.cancel();
    expect(reported.some((error) => error instanceof StoreError)).toBe(true);
    expect(session.expired).toBe(true);
    await session.close();

    expect((await engine.history({ machineId: id })).map((event) => event.event)).toEqual([
      'Started',
      'Canceled',
    ]);
    expect(await engine.activeWork()).toEqual([]);
  });
});
