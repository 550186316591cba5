import type { Json } from '@tagout/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { pick, tagNames, tagWrites } from './arbitraries.js';
import { expectSameOutcome, settle } from './outcome.js';
import { MachineCommand } from './picked-commands.js';
import { StepCommand, show } from './step-command.js';
import { type ModelWorld, type Pick, pickMachine, type RealWorld, showPick } from './world.js';

/** createMachine with a fresh id, or (reusing) the id of a known machine. */
class CreateMachine extends StepCommand {
  constructor(
    readonly id: string,
    readonly reuse: Pick | null,
    readonly tags: Record<string, Json>,
  ) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return this.reuse === null || m.machineIds.length > 0;
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const id = this.reuse === null ? this.id : pickMachine(m, this.reuse);
    const actual = await settle(r.t.engine.createMachine({ id, tags: this.tags }));
    const expected = m.model.createMachine(id, this.tags);
    const machine = expectSameOutcome(this.toString(), actual, expected);
    if (expected.ok) expect(machine).toStrictEqual(expected.value);
    if (expected.ok && this.reuse === null) m.machineIds.push(id);
  }

  toString(): string {
    const id = this.reuse === null ? `new m ${this.id}` : `again ${showPick('m', this.reuse)}`;
    return `createMachine(${id}, ${show(this.tags)})`;
  }
}

class SetTags extends MachineCommand {
  constructor(
    machine: Pick,
    readonly tags: Record<string, Json>,
  ) {
    super(machine);
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const id = this.target(m);
    const actual = await settle(r.t.engine.setTags(id, this.tags));
    expectSameOutcome(this.toString(), actual, m.model.setTags(id, this.tags));
  }

  toString(): string {
    return `setTags(${showPick('m', this.machine)}, ${show(this.tags)})`;
  }
}

class DeleteTags extends MachineCommand {
  constructor(
    machine: Pick,
    readonly names: string[],
  ) {
    super(machine);
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const id = this.target(m);
    const actual = await settle(r.t.engine.deleteTags(id, this.names));
    expectSameOutcome(this.toString(), actual, m.model.deleteTags(id, this.names));
  }

  toString(): string {
    return `deleteTags(${showPick('m', this.machine)}, ${show(this.names)})`;
  }
}

class DeleteMachine extends MachineCommand {
  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const id = this.target(m);
    const actual = await settle(r.t.engine.deleteMachine(id));
    expectSameOutcome(this.toString(), actual, m.model.deleteMachine(id));
  }

  toString(): string {
    return `deleteMachine(${showPick('m', this.machine)})`;
  }
}

/** Commands over machines and tags. */
export const machineCommands = {
  create: fc
    .record({
      id: fc.uuid({ version: 4 }),
      reuse: fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: pick, weight: 1 }),
      tags: tagWrites,
    })
    .map(({ id, reuse, tags }): StepCommand => new CreateMachine(id, reuse, tags)),
  setTags: fc
    .record({ machine: pick, tags: tagWrites })
    .map(({ machine, tags }): StepCommand => new SetTags(machine, tags)),
  deleteTags: fc
    .record({ machine: pick, names: tagNames })
    .map(({ machine, names }): StepCommand => new DeleteTags(machine, names)),
  deleteMachine: pick.map((machine): StepCommand => new DeleteMachine(machine)),
};
