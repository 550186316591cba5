import { DEFAULT_LIST_LIMIT } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { openTestEngine } from './helpers/engine.js';

describe('listings without a limit', () => {
  it('return 1,000: history the most recent, backoffs and live work the first in their order, machines the oldest', async () => {
    const { engine } = await openTestEngine();
    const session = await engine.startSession({ component: 'a', heartbeat: false, intervalMs: 600_000 });
    const ids: string[] = [];
    for (let i = 0; i < DEFAULT_LIST_LIMIT + 1; i++) ids.push((await engine.createMachine()).id);
    // Every machine: a failed Provision (a backoff, 2 events) and a held Recovery (live work, 1 event).
    for (const machineId of ids) {
      await (await session.work('Provision', { machineId })).fail('broken');
      await session.work('Recovery', { machineId });
    }

    const history = await engine.history();
    expect(DEFAULT_LIST_LIMIT).toBe(1000);
    expect(history).toHaveLength(1000);
    expect(history.at(-1)).toMatchObject({ machineId: ids.at(-1), process: 'Recovery', event: 'Started' });
    const backoffs = await engine.backoffs();
    expect(backoffs).toHaveLength(1000);
    expect(backoffs.map((b) => b.machineId)).toEqual([...ids].sort().slice(0, 1000));
    const work = await engine.activeWork();
    expect(work).toHaveLength(1000);
    expect(work.map((w) => w.machineId)).toEqual(ids.slice(0, 1000));
    expect(await engine.machines()).toHaveLength(1000);
    expect(await engine.activeWork({ limit: 100_000 })).toHaveLength(1001);
    await engine.close();
  });
});
