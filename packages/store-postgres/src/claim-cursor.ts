/**
 * Where a store's next claim by filter starts its walk, per process and filter: just after the
 * machine its previous claim of that process and filter took, in machine id order, so successive
 * claims go round the machines like a clock hand (as the SQLite store's cursor and the Redis
 * store's `cur` hash do). Before a first claim, and after one that found nothing, the walk starts
 * at a random id, so the stores of parallel services start in different places.
 *
 * Why not a random start every time: a walk from a random id takes the first eligible machine
 * after it, which is most often the one behind the longest run of ineligible machines. So the
 * runs merge and grow, and as a fleet drains (most machines done, `lacks: Done`) the eligible
 * machines left sit in clusters between long runs: measured over a drain of 20,000 machines with
 * 8 claimers, a claim walked 5,800 done machines at 5 % left, and the last tenth of the drain
 * took as long as the first half. From the cursor a claim passes each ineligible machine once per
 * round, and no eligible machine starves: every one is reached within a round.
 */
export class ClaimCursors {
  readonly #after = new Map<string, string>();
  readonly #capacity: number;

  /** @param capacity the most (process, filter) cursors kept; past it, all start afresh. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The id a claim of `key` walks from (inclusive): just after its last machine, or a random id. */
  start(key: string): string {
    const last = this.#after.get(key);
    return last === undefined ? crypto.randomUUID() : uuidAfter(last);
  }

  /** Records the machine a claim of `key` took last (in its walk's order). */
  tookLast(key: string, machineId: string): void {
    if (!this.#after.has(key) && this.#after.size >= this.#capacity) this.#after.clear();
    this.#after.set(key, machineId);
  }

  /** Forgets `key`'s cursor: its claim found nothing, so the next one starts at a random id. */
  foundNothing(key: string): void {
    this.#after.delete(key);
  }
}

/** Runs of a claim from its cursor before it runs again from random ids (see {@link claimStart}). */
const CURSOR_ATTEMPTS = 2;

/**
 * Where run `attempt` (from 1) of a claim of `key` walks from. A run again after a race is on a
 * fresh snapshot, which sees the claim it raced with, so it walks from the cursor too and keeps
 * the round going; from the third run on it starts at random ids, so a run of races at one spot
 * ends (the claimers of one store share its cursor, and a claim whose snapshot was taken before
 * another's commit can lock the machine that one just took).
 */
export function claimStart(cursors: ClaimCursors, key: string, attempt: number): string {
  return attempt <= CURSOR_ATTEMPTS ? cursors.start(key) : crypto.randomUUID();
}

/** The key of a claim's cursor: its process and its filter (values included). */
export function cursorKey(process: string, filterKey: string): string {
  return `${process}\n${filterKey}`;
}

const LAST_UUID = 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffffn;

/**
 * The uuid right after `id` in Postgres's order (bytewise, so as 128-bit numbers), wrapping from
 * the last uuid to the first: a walk from it (`id >= start`) leaves `id` itself for the wrapped
 * part of the round (`id < start`), so the machine just taken is not taken again before the others.
 */
export function uuidAfter(id: string): string {
  const value = BigInt(`0x${id.replaceAll('-', '')}`);
  const next = value === LAST_UUID ? 0n : value + 1n;
  const hex = next.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The machine a walk from `start` met last among `taken`: the walk goes from `start` to the
 * highest id, then from the lowest id up to `start`. Ids are Postgres's lowercase text, whose
 * string order is the uuid order.
 */
export function lastInWalk(start: string, taken: readonly string[]): string | undefined {
  let last: string | undefined;
  let lastWrapped: string | undefined;
  for (const id of taken) {
    if (id < start) {
      if (lastWrapped === undefined || id > lastWrapped) lastWrapped = id;
    } else if (last === undefined || id > last) last = id;
  }
  return lastWrapped ?? last;
}
