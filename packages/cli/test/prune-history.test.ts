import { manualClock, openEngine } from '@tagout/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoreFixture } from '../../web/test/support/store-kinds.js';
import { describeEachStore } from '../../web/test/support/store-kinds.js';
import { tagout, tagoutJson } from './support/run-tagout.js';

const HOUR = 3_600_000;

describeEachStore('tagout prune-history', (kind) => {
  let fixture: StoreFixture;
  beforeAll(async () => {
    fixture = await kind.create();
  });
  afterAll(() => fixture?.drop());

  it('deletes the events older than the duration, keeps the latest event of a pair with a backoff, prints the count', async () => {
    // Old events first (a manual clock a day back), then recent ones: history order is time order.
    const clock = manualClock(Date.now() - 24 * HOUR);
    const engine = await openEngine({ store: fixture.createStore(), processes: ['AgentStart'], clock });
    try {
      const session = await engine.startSession({
        component: 'pruner',
        heartbeat: false,
        intervalMs: 3 * 24 * HOUR,
      });
      const finished = (await engine.createMachine({ tags: {} })).id;
      const failed = (await engine.createMachine({ tags: {} })).id;
      await (await session.work('AgentStart', { machineId: finished })).finish();
      await (await session.work('AgentStart', { machineId: failed })).fail('old failure', {
        initialMs: HOUR,
      });
      clock.set(Date.now());
      const recent = (await engine.createMachine({ tags: {} })).id;
      await (await session.work('AgentStart', { machineId: recent })).finish();
      const before = await engine.history();
      expect(before.map((event) => [event.machineId, event.event])).toEqual([
        [finished, 'Started'],
        [finished, 'Finished'],
        [failed, 'Started'],
        [failed, 'Failed'],
        [recent, 'Started'],
        [recent, 'Finished'],
      ]);

      const args = [...fixture.args, 'prune-history', '--older-than'];
      expect(await tagoutJson([...args, '12h'])).toEqual({ deleted: 3 });
      const after = await engine.history();
      expect(after).toEqual([before[3], before[4], before[5]]); // the failed pair's Failed stays
      expect(before.length - after.length).toBe(3);
      expect(await tagout([...args, '12h'])).toEqual({
        code: 0,
        stdout: 'deleted 0 history events\n',
        stderr: '',
      });
      await session.close();
    } finally {
      await engine.close();
    }
  });
});
