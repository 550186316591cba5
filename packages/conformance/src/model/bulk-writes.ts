import type { Json, Machine } from '@tagout/core';
import { type Expected, failure, success } from './expected.js';
import type { ReferenceModel } from './reference-model.js';

/**
 * The bulk writes in the model, spelled as what they mean: a repeated id refuses the call;
 * otherwise, when any machine stops the batch (an id that exists, a machine that does not), the
 * first such one in input order is named and nothing changes; otherwise every single write
 * happens, in order, at one `now`.
 */

/** createMachines with chosen ids. */
export function createMachinesInModel(
  model: ReferenceModel,
  inputs: readonly { id: string; tags: Record<string, Json> }[],
): Expected<Machine[]> {
  if (repeats(inputs.map((input) => input.id))) return failure({ name: 'ValidationError' });
  const existing = inputs.find((input) => model.machine(input.id) !== null);
  if (existing !== undefined) return failure({ name: 'MachineExistsError', machineId: existing.id });
  return success(inputs.map((input) => succeeded(model.createMachine(input.id, input.tags))));
}

/** setTagsMany. */
export function setTagsManyInModel(
  model: ReferenceModel,
  entries: readonly { machineId: string; tags: Record<string, Json> }[],
): Expected<void> {
  if (repeats(entries.map((entry) => entry.machineId))) return failure({ name: 'ValidationError' });
  const missing = entries.find((entry) => model.machine(entry.machineId) === null);
  if (missing !== undefined) return failure({ name: 'NotFoundError', machineId: missing.machineId });
  for (const entry of entries) succeeded(model.setTags(entry.machineId, entry.tags));
  return success(undefined);
}

function repeats(ids: readonly string[]): boolean {
  return new Set(ids).size !== ids.length;
}

/** The value of a single write the checks above made sure succeeds. */
function succeeded<T>(expected: Expected<T>): T {
  if (!expected.ok) throw new Error(`model: a checked bulk write failed with ${expected.error.name}`);
  return expected.value;
}
