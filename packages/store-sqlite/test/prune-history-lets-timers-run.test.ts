import { PRUNE_BATCH } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { openTestEngine } from './helpers/engine.js';

describe('pruneHistory on SQLite', () => {
  it('yields to the event loop between batches: a timer runs while a prune of 2.5 batches goes on', async () => {
    const { engine, clock } = await openTestEngine();
    const machine = await engine.createMachine();
    const session = await engine.startSession({ component: 'a', heartbeat: false, intervalMs: 600_000 });
    const events = Math.ceil(PRUNE_BATCH * 2.5);
    for (let i = 0; i < events / 2; i++)
      await (await session.work('Provision', { machineId: machine.id })).finish();
    clock.advance(1_000);

    // Every SQLite call settles at once: without a macrotask turn between batches, the whole
    // prune would finish before any timer could run.
    let timerRan = false;
    const timer = setTimeout(() => {
      timerRan = true;
    }, 0);
    let timerRanBeforePruneEnded = false;
    const pruned = engine.pruneHistory({ olderThanMs: 0 }).then((count) => {
      timerRanBeforePruneEnded = timerRan;
      return count;
    });

    expect(await pruned).toBe(events);
    clearTimeout(timer);
    expect(timerRanBeforePruneEnded).toBe(true);
    expect(await engine.history()).toEqual([]);
    await engine.close();
  });
});
