import type { MachineWrite, StoreCreateMachinesInput, StoreSetTagsManyInput } from '@tagout/core';
import type { Connection } from './connection.js';
import { writeTags } from './steps.js';

/**
 * Bulk writes, each one `BEGIN IMMEDIATE` transaction whatever the batch size, made of the
 * prepared statements the single operations use (one `run` per row: better-sqlite3 calls
 * cost about a microsecond, less than handing the batch over as JSON for `json_each` to
 * unpack). Every id is checked first, in input order, and the first one that stops the batch
 * is returned before anything is written. better-sqlite3 is synchronous, so the event loop
 * waits for the whole transaction: core bounds a batch (`LIMITS.bulkWrite` machines,
 * `LIMITS.bulkWriteTags` tags), which keeps it to tens of milliseconds.
 */

/** Creates every machine and its tags at `now`, or none when one exists already. */
export function createMachines(
  c: Connection,
  input: StoreCreateMachinesInput,
): { ok: true; createdAt: number } | { ok: false; reason: 'exists'; machineId: string } {
  return c.write(() => {
    const existing = input.machines.find((machine) => c.sql.machineExists.get(machine.id) !== undefined);
    if (existing !== undefined)
      return { ok: false as const, reason: 'exists' as const, machineId: existing.id };
    const now = input.now ?? Date.now();
    // In id order: each index is then entered at increasing keys (a fifth less time than random order).
    for (const machine of [...input.machines].sort(byId)) {
      c.sql.insertMachine.run(machine.id, now);
      writeTags(c, machine.id, machine.tags, now);
    }
    return { ok: true as const, createdAt: now };
  });
}

/** Upserts the tags of every machine at `now`, or of none when one does not exist. */
export function setTagsMany(
  c: Connection,
  input: StoreSetTagsManyInput,
): { ok: true } | { ok: false; reason: 'not-found'; machineId: string } {
  return c.write(() => {
    const missing = input.machines.find((entry) => c.sql.machineExists.get(entry.machineId) === undefined);
    if (missing !== undefined)
      return { ok: false as const, reason: 'not-found' as const, machineId: missing.machineId };
    const now = input.now ?? Date.now();
    for (const entry of input.machines) writeTags(c, entry.machineId, entry.tags, now);
    return { ok: true as const };
  });
}

function byId(a: MachineWrite, b: MachineWrite): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
