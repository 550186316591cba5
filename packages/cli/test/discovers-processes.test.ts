import { expect, it } from 'vitest';
import { useSeededStore } from '../../web/test/support/seeded-store.js';
import { describeEachStore } from '../../web/test/support/store-kinds.js';
import { tagout, tagoutJson } from './support/run-tagout.js';

describeEachStore('tagout without --processes reads with the processes the store records', (kind) => {
  const seeded = useSeededStore(kind);

  it('stats and history by process answer as the engine that declared them', async () => {
    const args = seeded.fixture.args;
    expect(await tagoutJson([...args, 'stats'])).toEqual(await seeded.fleet.engine.stats());
    expect(await tagoutJson([...args, 'history', '--process', 'Recovery'])).toEqual(
      await seeded.fleet.engine.history({ process: 'Recovery', limit: 100 }),
    );
    expect(await tagout([...args, 'history', '--process', 'Install'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("is not one of the engine's processes (AgentStart, Recovery)"),
    });
  });
});
