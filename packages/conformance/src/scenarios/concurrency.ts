import { describe, expect, it } from 'vitest';
import { checkExclusivity } from '../check-exclusivity.js';
import { type ConformanceOptions, EXCLUSIVE, useTestEngine } from '../harness.js';

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

    it('claimers of two exclusive processes and of a free one at once: never both exclusive processes on a machine', async () => {
      const t = await useTestEngine(options);
      for (let i = 0; i < 3; i++) await t.engine.createMachine({ tags: { Provided: i } });
      const processes = ['Recovery', 'Install', 'AgentStart'] as const;
      const sessions = await Promise.all(Array.from({ length: 9 }, () => t.session()));
      for (let round = 0; round < 20; round++) {
        const claimed = await Promise.all(
          sessions.map((session, i) => session.work(processes[i % 3]!, { where: { has: 'Provided' } })),
        );
        const got = claimed.filter((work) => work !== null);
        const live = await t.engine.activeWork();
        expect(live).toHaveLength(got.length);
        const pairs = live.map((work) => `${work.machineId}/${work.process}`);
        expect(new Set(pairs).size).toBe(pairs.length);
        for (const work of live) {
          if (work.process !== 'Recovery') continue;
          expect(pairs).not.toContain(`${work.machineId}/Install`);
        }
        await Promise.all(got.map((work) => work.finish()));
      }
      const history = await t.engine.history();
      expect(history.filter((event) => event.event === 'Started').length).toBeGreaterThan(0);
      expect(checkExclusivity(history, { exclusive: EXCLUSIVE })).toEqual({ ok: true, problems: [] });
    });
  });
}
