import type { EngineContext } from './context.js';
import { TagoutError, ValidationError } from './errors.js';
import { LIMITS } from './limits.js';
import { checkOptions } from './options.js';
import type { FinishWrite, LostResult } from './store.js';
import type { TagTypes, UntypedTags } from './tag-types.js';
import type { Work, WorkCommit } from './work.js';

/**
 * Batched finishes (`session.finishMany`): each work item runs its own finish (checks, state,
 * errors, events), but hands its store write to a {@link FinishBatch}, which sends the writes of
 * all entries in one `store.finishMany` once every entry has either handed its write over or
 * ended without one (a bad commit, already done, a session known to be ended).
 */

/** One entry of `session.finishMany`: a work item of the session and its commit (`Tags`/`Inputs`: see `Engine`). */
export interface FinishManyEntry<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags> {
  work: Work<Tags, Inputs>;
  /** What to write on the machine, as for `work.finish(commit)`. */
  commit?: WorkCommit<Inputs>;
}

/**
 * The outcome of one entry of `session.finishMany`: finished, or the error `work.finish(commit)`
 * would have rejected with (WorkLostError, ClosedError, AlreadyDoneError, a ValidationError for
 * the commit, StoreError), the work item left in the same state.
 */
export type FinishOutcome = { ok: true } | { ok: false; error: TagoutError };

/**
 * What finishes that were applied signal (see `Store.subscribe`), coalesced: their processes, each
 * once, or `null` when one of them wrote or deleted tags (anything may have become eligible). For
 * stores that signal from JavaScript after the commit.
 */
export function finishSignal(finishes: readonly FinishWrite[]): readonly string[] | null {
  const processes = new Set<string>();
  for (const finish of finishes) {
    if (finish.deleteTags.length > 0) return null;
    for (const _ in finish.setTags) return null;
    processes.add(finish.process);
  }
  return [...processes];
}

/**
 * Sends one work item's finish to the store (adding `now`, from the engine's clock if it has
 * one) and returns the store's outcome; a failure rejects with a StoreError (see `context.call`).
 */
export type FinishSend = (write: FinishWrite) => Promise<{ ok: true } | LostResult>;

/** What a batched finish needs of a work item (implemented by `WorkItem`). */
export interface BatchableWork {
  /** Runs `work.finish(commit)`, with `send` making the store call. */
  finishWith(commit: unknown, send: FinishSend): Promise<void>;
}

/**
 * The entries of `session.finishMany`, checked: an array of at most `LIMITS.finishBatch` plain
 * objects `{ work, commit? }`, each `work` one that `owns` accepts (a work item of this session),
 * none twice. Commits are checked later, each by its own work item's finish.
 * @throws ValidationError for anything else, naming the entry.
 */
export function checkFinishMany<W extends BatchableWork>(
  entries: unknown,
  owns: (work: unknown) => work is W,
): { work: W; commit: unknown }[] {
  if (!Array.isArray(entries)) throw new ValidationError('entries', 'must be an array of { work, commit? }');
  if (entries.length > LIMITS.finishBatch) {
    throw new ValidationError(
      'entries',
      `has ${entries.length} entries, more than ${LIMITS.finishBatch}: split them into batches`,
    );
  }
  const seen = new Map<W, string>();
  const checked: { work: W; commit: unknown }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const field = `entries[${i}]`;
    const entry = checkOptions<FinishManyEntry>(field, entries[i], ['work', 'commit']);
    const { work } = entry;
    if (!owns(work)) throw new ValidationError(`${field}.work`, 'must be a work item of this session');
    const earlier = seen.get(work);
    if (earlier !== undefined) throw new ValidationError(`${field}.work`, `repeats ${earlier}.work`);
    seen.set(work, field);
    checked.push({ work, commit: entry.commit });
  }
  return checked;
}

/**
 * Finishes every entry, sending the store writes in one batch: resolves with each entry's
 * outcome, in input order. Never rejects for an entry's error.
 */
export async function finishMany(
  context: EngineContext,
  entries: readonly { work: BatchableWork; commit: unknown }[],
): Promise<FinishOutcome[]> {
  const batch = new FinishBatch(context, entries.length);
  // An entry that ends without sending (refused before its store call) no longer holds the batch back.
  const outcomes = entries.map(({ work, commit }, i) =>
    work
      .finishWith(commit, (write) => batch.send(i, write))
      .then(
        (): FinishOutcome => {
          batch.skip(i);
          return { ok: true };
        },
        (error: unknown): FinishOutcome => {
          batch.skip(i);
          if (!(error instanceof TagoutError)) throw error;
          return { ok: false, error };
        },
      ),
  );
  batch.ready();
  return Promise.all(outcomes);
}

/** One entry's store write, waiting for its batch. */
interface Slot {
  write: FinishWrite;
  resolve: (result: { ok: true } | LostResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The store writes of one `finishMany`: waits until every entry has sent its write or ended
 * without one, then sends them, in input order, in as few store calls as the batch bounds allow
 * (see {@link chunks}), or finish by finish on a store without `finishMany`.
 */
class FinishBatch {
  readonly #context: EngineContext;
  readonly #slots: (Slot | undefined)[];
  readonly #arrived: boolean[];
  /** Entries still to arrive, plus one until `ready()`: the entries are all being started. */
  #waiting: number;

  constructor(context: EngineContext, size: number) {
    this.#context = context;
    this.#slots = new Array<Slot | undefined>(size).fill(undefined);
    this.#arrived = new Array<boolean>(size).fill(false);
    this.#waiting = size + 1;
  }

  /** Entry `i` sends its write: resolves with its outcome once the batch ran. */
  send(i: number, write: FinishWrite): Promise<{ ok: true } | LostResult> {
    return new Promise((resolve, reject) => {
      this.#slots[i] = { write, resolve, reject };
      this.#arrive(i);
    });
  }

  /** Entry `i` ended; if it sent nothing, the batch stops waiting for it. */
  skip(i: number): void {
    this.#arrive(i);
  }

  /** Every entry has been started. */
  ready(): void {
    this.#countDown();
  }

  #arrive(i: number): void {
    if (this.#arrived[i] === true) return;
    this.#arrived[i] = true;
    this.#countDown();
  }

  #countDown(): void {
    this.#waiting--;
    if (this.#waiting === 0) void this.#run();
  }

  /** Sends the writes; every slot settles, whatever happens. */
  async #run(): Promise<void> {
    const slots = this.#slots.filter((slot) => slot !== undefined);
    const { store } = this.#context;
    if (store.finishMany === undefined) {
      for (const slot of slots) {
        await settleSlots([slot], () =>
          this.#context.call('finish', async () => [
            await store.finish({ ...slot.write, ...this.#context.at() }),
          ]),
        );
      }
      return;
    }
    const finishMany = store.finishMany.bind(store);
    for (const chunk of chunks(slots)) {
      await settleSlots(chunk, () =>
        this.#context.call('finishMany', async () => {
          const finishes = chunk.map((slot) => slot.write);
          const results = await finishMany({ finishes, ...this.#context.at() });
          if (results.length !== finishes.length) {
            throw new Error(`finishMany returned ${results.length} outcomes for ${finishes.length} finishes`);
          }
          return results;
        }),
      );
    }
  }
}

/** Runs one store call for `slots` and settles each with its result, or all with the error. */
async function settleSlots(
  slots: readonly Slot[],
  call: () => Promise<readonly ({ ok: true } | LostResult)[]>,
): Promise<void> {
  try {
    const results = await call();
    for (let i = 0; i < slots.length; i++) slots[i]!.resolve(results[i]!);
  } catch (error) {
    for (const slot of slots) slot.reject(error);
  }
}

/**
 * The slots in input order, cut into store calls whose tag writes stay within
 * `LIMITS.bulkWriteTags` and `LIMITS.bulkWriteBytes` (a finish that alone passes them goes alone,
 * as `finish` would take it).
 */
function chunks(slots: readonly Slot[]): Slot[][] {
  const cut: Slot[][] = [];
  let current: Slot[] = [];
  let tags = 0;
  let bytes = 0;
  for (const slot of slots) {
    const values = Object.values(slot.write.setTags);
    let slotBytes = 0;
    for (const text of values) slotBytes += Buffer.byteLength(text);
    if (
      current.length > 0 &&
      (tags + values.length > LIMITS.bulkWriteTags || bytes + slotBytes > LIMITS.bulkWriteBytes)
    ) {
      cut.push(current);
      current = [];
      tags = 0;
      bytes = 0;
    }
    current.push(slot);
    tags += values.length;
    bytes += slotBytes;
  }
  if (current.length > 0) cut.push(current);
  return cut;
}
