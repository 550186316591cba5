import type { Json } from '@tagout/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createMachinesInModel, setTagsManyInModel } from '../model/bulk-writes.js';
import { pick, tagWrites } from './arbitraries.js';
import { expectSameOutcome, settle } from './outcome.js';
import { StepCommand, show } from './step-command.js';
import { type ModelWorld, type Pick, pickMachine, type RealWorld, showPick } from './world.js';

/** A machine of a bulk create: a fresh id, or (reusing) the id of a known machine. */
interface NewMachine {
  id: string;
  reuse: Pick | null;
  tags: Record<string, Json>;
}

/** createMachines: fresh ids, sometimes a known one (nothing created) or a repeated one (refused). */
class CreateMachines extends StepCommand {
  constructor(readonly machines: readonly NewMachine[]) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return this.machines.every((machine) => machine.reuse === null) || m.machineIds.length > 0;
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const inputs = this.machines.map((machine) => ({
      id: machine.reuse === null ? machine.id : pickMachine(m, machine.reuse),
      tags: machine.tags,
    }));
    const actual = await settle(r.t.engine.createMachines(inputs));
    const expected = createMachinesInModel(m.model, inputs);
    const created = expectSameOutcome(this.toString(), actual, expected);
    if (!expected.ok) return;
    expect(created).toStrictEqual(expected.value);
    for (const { id } of inputs) if (!m.machineIds.includes(id)) m.machineIds.push(id);
  }

  toString(): string {
    const shown = this.machines.map((machine) => {
      const id = machine.reuse === null ? `new m ${machine.id}` : `again ${showPick('m', machine.reuse)}`;
      return `${id} ${show(machine.tags)}`;
    });
    return `createMachines([${shown.join(', ')}])`;
  }
}

/** An entry of a bulk tag write: a known machine, or (`unknown`) an id never created. */
interface TagsEntry {
  machine: Pick;
  unknown: string | null;
  tags: Record<string, Json>;
}

/**
 * setTagsMany on picked machines: sometimes one that is deleted or was never created (nothing
 * written), or the same one twice (refused).
 */
class SetTagsMany extends StepCommand {
  constructor(readonly entries: readonly TagsEntry[]) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return this.entries.every((entry) => entry.unknown !== null) || m.machineIds.length > 0;
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const entries = this.entries.map((entry) => ({
      machineId: entry.unknown ?? pickMachine(m, entry.machine),
      tags: entry.tags,
    }));
    const actual = await settle(r.t.engine.setTagsMany(entries));
    expectSameOutcome(this.toString(), actual, setTagsManyInModel(m.model, entries));
  }

  toString(): string {
    const shown = this.entries.map((entry) => {
      const id = entry.unknown === null ? showPick('m', entry.machine) : `unknown m ${entry.unknown}`;
      return `${id} ${show(entry.tags)}`;
    });
    return `setTagsMany([${shown.join(', ')}])`;
  }
}

const newMachine: fc.Arbitrary<NewMachine> = fc.record({
  id: fc.uuid({ version: 4 }),
  reuse: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: pick, weight: 1 }),
  tags: tagWrites,
});

const tagsEntry: fc.Arbitrary<TagsEntry> = fc.record({
  machine: pick,
  unknown: fc.oneof(
    { arbitrary: fc.constant(null), weight: 5 },
    { arbitrary: fc.uuid({ version: 4 }), weight: 1 },
  ),
  tags: tagWrites,
});

/** Commands over several machines at once. */
export const bulkWriteCommands = {
  createMachines: fc
    .array(newMachine, { maxLength: 4 })
    .map((machines): StepCommand => new CreateMachines(machines)),
  setTagsMany: fc.array(tagsEntry, { maxLength: 4 }).map((entries): StepCommand => new SetTagsMany(entries)),
};
