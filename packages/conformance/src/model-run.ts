import fc from 'fast-check';
import { describe, it } from 'vitest';
import { allCommands } from './commands/all-commands.js';
import type { ModelWorld, RealWorld } from './commands/world.js';
import { envInt } from './env-int.js';
import { type ConformanceOptions, EXCLUSIVE, openTestEngine, PROCESSES } from './harness.js';
import { ReferenceModel } from './model/reference-model.js';

/** Model-based run: random command sequences on the engine and the reference model. */
export function describeModelRun(options: ConformanceOptions): void {
  const runs = envInt('TAGOUT_FC_RUNS', 100);
  const steps = envInt('TAGOUT_FC_STEPS', 50);
  const seed = process.env.TAGOUT_FC_SEED;
  const path = process.env.TAGOUT_FC_PATH;
  describe('model-based', () => {
    it(`agrees with the reference model after every step (${runs} runs × up to ${steps} steps)`, async () => {
      const property = fc.asyncProperty(
        fc.commands(allCommands, { maxCommands: steps, size: 'max' }),
        async (commands) => {
          const t = await openTestEngine(options);
          try {
            const model = new ReferenceModel({ processes: PROCESSES, exclusive: EXCLUSIVE, clock: t.clock });
            const setup = () => ({
              model: { model, machineIds: [], sessionIds: [], tokens: [] } satisfies ModelWorld,
              real: { t, sessions: [], works: [] } satisfies RealWorld,
            });
            await fc.asyncModelRun(setup, commands);
          } finally {
            await t.dispose();
          }
        },
      );
      await fc.assert(property, {
        numRuns: runs,
        ...(seed !== undefined && { seed: Number(seed) }),
        ...(path !== undefined && { path }),
      });
    }, 600_000);
  });
}
