import { canonicalJson, type Machine, matchesFilter, type StoreFilter } from '@tagout/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envInt } from '../env-int.js';
import { checkAgreement } from '../filter-agreement/check-agreement.js';
import { EQUALS_AT_PATH, NESTED_VALUE } from '../filter-agreement/equals-at-path.js';
import { filterProfiles } from '../filter-agreement/filter-profiles.js';
import { type ConformanceOptions, openTestEngine, type TestEngine } from '../harness.js';
import { checkLimits } from '../store-limits.js';

/**
 * The store's filter evaluation (SQL, Lua) agrees with core's `matchesFilter`: properties over
 * random machines and filters (`listMachines` and claims by filter take exactly the machines it
 * accepts), and `equals` at a path, case by case. One store serves the group; each run leaves it
 * without machines.
 */
export function describeFilterAgreement(options: ConformanceOptions): void {
  describe('filters agree with matchesFilter', () => {
    let t: TestEngine;
    beforeAll(async () => {
      t = await openTestEngine(options);
    });
    afterAll(() => t.dispose());

    for (const profile of filterProfiles(checkLimits(options.limits))) {
      const runs = envInt('TAGOUT_FC_RUNS', profile.runs);
      it(`${profile.title}: listMachines and claims by filter take exactly the machines it accepts (${runs} runs)`, async () => {
        const property = fc.asyncProperty(profile.machines, profile.filters, async (plans, specs) => {
          await checkAgreement(t.store, plans, specs, t.clock.now());
          t.clock.advance(1);
        });
        await fc.assert(property, { numRuns: runs });
      }, 600_000);
    }

    it.each(EQUALS_AT_PATH)('equals at a path: %s', async (_name, path, equals, matches) => {
      const now = t.clock.now();
      const id = crypto.randomUUID();
      await t.store.createMachine({ id, tags: { v: canonicalJson(NESTED_VALUE) }, now });
      try {
        const filter: StoreFilter = { kind: 'equals', tag: 'v', path, json: canonicalJson(equals) };
        const reference: Machine = {
          id,
          createdAt: now,
          tags: { v: { value: NESTED_VALUE, updatedAt: now } },
        };
        expect(matchesFilter(filter, reference, now)).toBe(matches);
        const listed = await t.store.listMachines({ filter, limit: 10, now });
        expect(listed.map((m) => m.id)).toEqual(matches ? [id] : []);
      } finally {
        await t.store.deleteMachine({ machineId: id, now });
      }
    });
  });
}
