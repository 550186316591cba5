import { describe, expect, it } from 'vitest';
import { checkExclusivity } from '../check-exclusivity.js';
import { type ConformanceOptions, useTestEngine } from '../harness.js';

/** Parallel claimers with one filter spread over the candidates. */
export function describeConcurrency(options: ConformanceOptions): void {
  describe('concurrency', () => {
    it.each([
      { machines: 8, claimers: 8 },
      { machines: 4, claimers: 8 },
    ])(
      '$claimers claimers at once over $machines eligible machines: no machine twice, no error',
      async (size) => {
        const t = await useTestEngine(options);
        for (let i = 0; i < size.machines; i++) await t.engine.createMachine({ tags: { Provided: i } });
        await t.engine.createMachine({ tags: { Other: true } });
        const sessions = await Promise.all(Array.from({ length: size.claimers }, () => t.session()));

        const claimed = await Promise.all(
          sessions.map((session) => session.work('Install', { where: { has: 'Provided' } })),
        );

        const got = claimed.filter((work) => work !== null);
        expect(got).toHaveLength(Math.min(size.machines, size.claimers));
        expect(new Set(got.map((work) => work.machine.id)).size).toBe(got.length);
        expect(claimed.filter((work) => work === null)).toHaveLength(size.claimers - got.length);
        expect(await t.engine.activeWork()).toHaveLength(got.length);
        expect(checkExclusivity(await t.engine.history())).toEqual({ ok: true, problems: [] });
      },
    );
  });
}
