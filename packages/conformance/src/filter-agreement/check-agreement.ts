import { matchesFilter, type Store, type StoreFilter } from '@tagout/core';
import { expect } from 'vitest';
import { type FilterSpec, resolveFilter } from './filter-spec.js';
import { type MachinePlan, seedMachines } from './machine-plan.js';

/**
 * One run of a filter-agreement property on an empty store: seeds `plans`, checks the store lists
 * them exactly, then for each filter of `specs` that `listMachines` lists and claims by filter
 * take exactly the machines `matchesFilter` accepts. Leaves the store empty of machines again
 * (its sessions closed, its machines deleted), also when a check fails.
 */
export async function checkAgreement(
  store: Store,
  plans: readonly MachinePlan[],
  specs: readonly FilterSpec[],
  now: number,
): Promise<void> {
  let sessionId: string | undefined;
  try {
    const machines = await seedMachines(store, plans, now);
    expect(await store.listMachines({ limit: 100, now })).toEqual(machines);
    for (const filter of specs.map((spec) => resolveFilter(spec, machines))) {
      const expected = machines.filter((m) => matchesFilter(filter, m, now)).map((m) => m.id);
      const listed = await store.listMachines({ filter, limit: 100, now });
      expect(listed.map((m) => m.id)).toEqual(expected);
      sessionId = crypto.randomUUID();
      await store.createSession({
        id: sessionId,
        component: 'property',
        runtimeInfo: '',
        intervalMs: 60_000,
        retentionMs: 0,
        now,
      });
      expect((await claimAll(store, sessionId, filter, now)).sort()).toEqual([...expected].sort());
      await store.closeSession({ sessionId, now });
      sessionId = undefined;
    }
  } finally {
    if (sessionId !== undefined) await store.closeSession({ sessionId, now });
    for (const machine of await store.listMachines({ limit: 1000, now }))
      await store.deleteMachine({ machineId: machine.id, now });
  }
}

/** Claims by `filter` until the store answers `nothing`; returns the ids taken. */
async function claimAll(
  store: Store,
  sessionId: string,
  filter: StoreFilter,
  now: number,
): Promise<string[]> {
  const claimed: string[] = [];
  for (;;) {
    const result = await store.claim({ sessionId, process: 'P', blockers: ['P'], target: { filter }, now });
    if (!result.ok) {
      expect(result.reason).toBe('nothing');
      return claimed;
    }
    claimed.push(result.work.machine.id);
  }
}
