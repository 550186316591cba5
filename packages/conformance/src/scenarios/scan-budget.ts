import type { Filter } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, useTestEngine } from '../harness.js';

const WHERE: Filter = { and: [{ has: 'Pool' }, { lacks: 'Done' }] };
const ELIGIBLE = 12;
const CLAIMERS = 4;

/**
 * Claims by filter over more machines than the store's scan budget (`Store.claimScanBudget`)
 * still find every eligible machine: `null` only within the bound the contract allows.
 */
export function describeScanBudget(options: ConformanceOptions): void {
  describe('scan budget', () => {
    it('claims by one filter over more machines than the budget take every eligible machine, null at most ceil(machines / budget) times', async () => {
      const t = await useTestEngine(options);
      const budget = t.store.claimScanBudget;
      const machines = budget === undefined ? 40 : 16 * budget + 5;
      const step = Math.floor(machines / ELIGIBLE);
      const eligible = new Set<string>();
      for (let i = 0; i < machines; i++) {
        const ready = i % step === step - 1 && eligible.size < ELIGIBLE;
        const machine = await t.engine.createMachine({ tags: ready ? { Pool: i } : { Pool: i, Done: true } });
        if (ready) eligible.add(machine.id);
      }
      const sessions = await Promise.all(Array.from({ length: CLAIMERS }, () => t.session()));
      const allowedNulls = budget === undefined ? 0 : Math.ceil(machines / budget);

      const taken: string[] = [];
      let nulls = 0;
      for (let i = 0; taken.length < eligible.size && nulls <= allowedNulls; i++) {
        const work = await sessions[i % CLAIMERS]!.work('AgentStart', { where: WHERE });
        if (work === null) nulls++;
        else taken.push(work.machine.id);
      }

      expect(nulls).toBeLessThanOrEqual(allowedNulls);
      expect(new Set(taken)).toEqual(eligible);
      expect(taken).toHaveLength(eligible.size);
      expect(await sessions[0]!.work('AgentStart', { where: WHERE })).toBeNull();
    });

    it('batched claims over more machines than the budget take every eligible machine, none at most ceil(machines / budget) times', async () => {
      const t = await useTestEngine(options);
      const budget = t.store.claimScanBudget;
      const machines = budget === undefined ? 40 : 16 * budget + 5;
      const step = Math.floor(machines / ELIGIBLE);
      const inputs = Array.from({ length: machines }, (_, i) => ({
        tags: i % step === step - 1 && i < step * ELIGIBLE ? { Pool: i } : { Pool: i, Done: true },
      }));
      const created = await t.engine.createMachines(inputs);
      const eligible = new Set(created.filter((machine) => !machine.tags.Done).map((machine) => machine.id));
      expect(eligible.size).toBe(ELIGIBLE);
      const sessions = await Promise.all(Array.from({ length: CLAIMERS }, () => t.session()));
      const allowedEmpty = budget === undefined ? 0 : Math.ceil(machines / budget);

      const taken: string[] = [];
      let empty = 0;
      for (let i = 0; taken.length < eligible.size && empty <= allowedEmpty; i++) {
        const works = await sessions[i % CLAIMERS]!.workMany('AgentStart', { where: WHERE, limit: 5 });
        if (works.length === 0) empty++;
        taken.push(...works.map((work) => work.machine.id));
      }

      expect(empty).toBeLessThanOrEqual(allowedEmpty);
      expect(new Set(taken)).toEqual(eligible);
      expect(taken).toHaveLength(eligible.size);
      expect(await sessions[0]!.workMany('AgentStart', { where: WHERE, limit: 5 })).toEqual([]);
    });
  });
}
