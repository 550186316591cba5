import { createSqliteStore } from '@tagout/store-sqlite';
import { expect, it, onTestFinished } from 'vitest';
import { LIMITS, manualClock, openEngine, type Store } from '../src/index.js';

/** The store, recording the size of every `finishMany` call. */
function recordingBatches(store: Store, sizes: number[]): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'finishMany') return value.bind(target);
      return (input: { finishes: readonly unknown[] }) => {
        sizes.push(input.finishes.length);
        return value.call(target, input);
      };
    },
  });
}

it('sends a batch whose tag writes pass the bulk limits in several store calls, in input order, each finish once', async () => {
  const sizes: number[] = [];
  const engine = await openEngine({
    store: recordingBatches(createSqliteStore(), sizes),
    processes: ['AgentStart'],
    clock: manualClock(),
  });
  onTestFinished(() => engine.close());
  // Each finish writes the most tags one write may: 40 of them pass LIMITS.bulkWriteTags.
  const perFinish = LIMITS.tagsPerWrite;
  const count = Math.ceil((LIMITS.bulkWriteTags + 1) / perFinish);
  const machines = await engine.createMachines(Array.from({ length: count }, () => ({})));
  const session = await engine.startSession({ component: 'test', heartbeat: false });
  const works = await session.workMany('AgentStart', { where: { lacks: 'T0' }, limit: count });
  const tags = Object.fromEntries(Array.from({ length: perFinish }, (_, i) => [`T${i}`, i]));

  const outcomes = await session.finishMany(works.map((work) => ({ work, commit: { setTags: tags } })));

  expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
  const first = Math.floor(LIMITS.bulkWriteTags / perFinish);
  expect(sizes).toEqual([first, count - first]);
  const finished = (await engine.history({ limit: 1000 })).filter((event) => event.event === 'Finished');
  expect(finished.map((event) => event.token)).toEqual(works.map((work) => work.token));
  for (const machine of machines) {
    expect(Object.keys((await engine.machine(machine.id))!.tags)).toHaveLength(perFinish);
  }
});
