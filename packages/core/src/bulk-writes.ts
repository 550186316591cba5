import type { EngineContext } from './context.js';
import type { CreateMachineInput } from './engine.js';
import { MachineExistsError, NotFoundError, ValidationError } from './errors.js';
import { newId } from './ids.js';
import { LIMITS } from './limits.js';
import { andThen, type MaybePromise } from './maybe-async.js';
import { checkOptions } from './options.js';
import type { MachineWrite, Store, TagsWrite, TagWrites } from './store.js';
import { createdMachine } from './store-results.js';
import type { TagWriteCheck } from './tag-schemas.js';
import type { TagTypes, TagValues, UntypedTags } from './tag-types.js';
import type { Machine } from './types.js';
import { checkMachineId, checkTagWrites } from './validate.js';

/**
 * Bulk writes: many machines in one store call, all or nothing. Core checks every entry as the
 * single operation would, refuses a repeated id and anything past the batch limits, makes the
 * ids, and builds the result; the store writes the whole batch in one atomic step and reports the
 * first id (in input order) that stops it.
 */

/** One entry of `engine.setTagsMany`: the tags to upsert on one machine (`Inputs`: see `Engine`). */
export interface SetTagsManyEntry<Inputs extends TagTypes = UntypedTags> {
  machineId: string;
  /** Tags to set (upsert), as for `engine.setTags`. */
  tags: TagValues<Inputs>;
}

/**
 * `engine.createMachines`: checks, then one store call.
 * @throws ValidationError, MachineExistsError (the first input id that exists; nothing created).
 */
export async function createMachines(
  context: EngineContext,
  store: Store,
  inputs: unknown,
): Promise<Machine[]> {
  const checked = checkMachineWrites(inputs, context.checkTags);
  const machines = checked instanceof Promise ? await checked : checked;
  if (machines.length === 0) return [];
  const result = await context.call('createMachines', () =>
    store.createMachines({ machines, ...context.at() }),
  );
  if (!result.ok) throw new MachineExistsError(result.machineId);
  return machines.map((machine) => createdMachine(machine, result.createdAt));
}

/**
 * `engine.setTagsMany`: checks, then one store call.
 * @throws ValidationError, NotFoundError (the first machine of the input that does not exist;
 * nothing written).
 */
export async function setTagsMany(context: EngineContext, store: Store, entries: unknown): Promise<void> {
  const checked = checkTagsWrites(entries, context.checkTags);
  const machines = checked instanceof Promise ? await checked : checked;
  if (machines.length === 0) return;
  const result = await context.call('setTagsMany', () => store.setTagsMany({ machines, ...context.at() }));
  if (!result.ok) throw new NotFoundError(`machine ${result.machineId}`);
}

/**
 * The inputs of `createMachines`, checked, with ids made for those that have none. With an
 * asynchronous `checkTags` (the engine's tag schemas) a promise: each entry's tags are awaited in turn.
 */
export function checkMachineWrites(
  inputs: unknown,
  checkTags: TagWriteCheck = checkTagWrites,
): MaybePromise<MachineWrite[]> {
  const batch = new Batch('inputs', inputs);
  return batch.map((input, field) => {
    const { id, tags } = checkOptions<CreateMachineInput>(field, input, ['id', 'tags']);
    const machineId = batch.distinct(
      `${field}.id`,
      id === undefined ? newId() : checkMachineId(`${field}.id`, id),
    );
    return andThen(checkTags(`${field}.tags`, tags), (writes) => ({
      id: machineId,
      tags: batch.count(writes),
    }));
  });
}

/** The entries of `setTagsMany`, checked (`checkTags` as for {@link checkMachineWrites}). */
export function checkTagsWrites(
  entries: unknown,
  checkTags: TagWriteCheck = checkTagWrites,
): MaybePromise<TagsWrite[]> {
  const batch = new Batch('entries', entries);
  return batch.map((entry, field) => {
    const { machineId, tags } = checkOptions<SetTagsManyEntry>(field, entry, ['machineId', 'tags']);
    const id = batch.distinct(`${field}.machineId`, checkMachineId(`${field}.machineId`, machineId));
    return andThen(checkTags(`${field}.tags`, tags), (writes) => ({
      machineId: id,
      tags: batch.count(writes),
    }));
  });
}

/** One bulk input being checked: its entries, the ids seen so far and the totals. */
class Batch {
  readonly #field: string;
  readonly #entries: readonly unknown[];
  readonly #ids = new Map<string, string>();
  #tags = 0;
  #bytes = 0;

  constructor(field: string, value: unknown) {
    if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array');
    if (value.length > LIMITS.bulkWrite) {
      throw new ValidationError(
        field,
        `has ${value.length} entries, more than ${LIMITS.bulkWrite}: one call is one transaction, so split the input into batches`,
      );
    }
    this.#field = field;
    this.#entries = value;
  }

  /**
   * Checks every entry (holes of a sparse array included) in order, one after the other:
   * synchronously while `check` answers at once, awaiting each entry from the first promise on.
   */
  map<T>(check: (entry: unknown, field: string) => MaybePromise<T>): MaybePromise<T[]> {
    const checked: T[] = [];
    for (let i = 0; i < this.#entries.length; i++) {
      const result = check(this.#entries[i], `${this.#field}[${i}]`);
      if (result instanceof Promise) return this.#mapFrom(i, result, checked, check);
      checked.push(result);
    }
    return checked;
  }

  /** The rest of {@link map} once entry `i` answered with a promise. */
  async #mapFrom<T>(
    i: number,
    pending: Promise<T>,
    checked: T[],
    check: (entry: unknown, field: string) => MaybePromise<T>,
  ): Promise<T[]> {
    checked.push(await pending);
    for (let next = i + 1; next < this.#entries.length; next++) {
      checked.push(await check(this.#entries[next], `${this.#field}[${next}]`));
    }
    return checked;
  }

  /** Refuses an id an earlier entry has. */
  distinct(field: string, id: string): string {
    const earlier = this.#ids.get(id);
    if (earlier !== undefined) throw new ValidationError(field, `repeats ${earlier} (${id})`);
    this.#ids.set(id, field);
    return id;
  }

  /** Adds an entry's tags to the totals, refusing past the bulk limits. */
  count(tags: TagWrites): TagWrites {
    for (const text of Object.values(tags)) {
      this.#tags += 1;
      this.#bytes += Buffer.byteLength(text);
    }
    if (this.#tags > LIMITS.bulkWriteTags) {
      throw new ValidationError(this.#field, `writes more than ${LIMITS.bulkWriteTags} tags in one call`);
    }
    if (this.#bytes > LIMITS.bulkWriteBytes) {
      throw new ValidationError(
        this.#field,
        `writes more than ${LIMITS.bulkWriteBytes} bytes of tag values in one call`,
      );
    }
    return tags;
  }
}
