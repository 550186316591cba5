/** One hand of a (process, filter): the machine the last claim it served took. */
interface Hand {
  after: string | undefined;
  busy: boolean;
}

/** The most hands of one (process, filter); a claim beyond them walks from a random id. */
const MAX_HANDS = 64;

/**
 * Where a store's claims by filter start their walks, per process and filter: just after the
 * machine the previous claim of that process and filter took, in machine id order, so successive
 * claims go round the machines like a clock hand (as the SQLite store's cursor and the Redis
 * store's `cur` hash do). Before a first claim, and after one that found nothing, the walk starts
 * at a random id, so the stores of parallel services start in different places.
 *
 * Claims in flight at once each lease a hand of their own (the first one free, a new one when all
 * are taken), so a lone claimer goes round with one hand while parallel claimers of one store walk
 * from different places. With one shared hand, parallel claims all raced for the machine after it:
 * one whose snapshot predated another's commit locked the machine that one had just taken and ran
 * again, and the first nine tenths of a drain with 8 claimers went a fifth to a quarter slower
 * than from random ids.
 *
 * Why not a random start every time: a walk from a random id takes the first eligible machine
 * after it, which is most often the one behind the longest run of ineligible machines. So the
 * runs merge and grow, and as a fleet drains (most machines done, `lacks: Done`) the eligible
 * machines left sit in clusters between long runs: measured over a drain of 20,000 machines with
 * 8 claimers, a claim walked 5,804 done machines at about 10 % left, and the last tenth of the
 * drain took a third to two fifths of its time (`bench/diagnostics/postgres-drain-tail.ts`). From
 * a hand a claim passes each ineligible machine once per round, and no eligible machine starves:
 * every one is reached within a round.
 */
export class ClaimCursors {
  readonly #hands = new Map<string, Hand[]>();
  readonly #capacity: number;

  /** @param capacity the most (process, filter) keys kept; past it, all start afresh. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /**
   * A hand of `key` for one claim: the first one no claim in flight holds, else a new one. The
   * caller releases it when the claim is over.
   */
  lease(key: string): ClaimHand {
    let hands = this.#hands.get(key);
    if (hands === undefined) {
      if (this.#hands.size >= this.#capacity) this.#hands.clear();
      hands = [];
      this.#hands.set(key, hands);
    }
    let hand = hands.find((one) => !one.busy);
    if (hand === undefined) {
      hand = { after: undefined, busy: false };
      if (hands.length < MAX_HANDS) hands.push(hand);
    }
    hand.busy = true;
    return new ClaimHand(hand);
  }
}

/** Runs of a claim from its hand before it runs again from random ids (see `ClaimHand.start`). */
const HAND_ATTEMPTS = 2;

/** A hand leased for one claim (see {@link ClaimCursors.lease}). */
export class ClaimHand {
  readonly #hand: Hand;

  constructor(hand: Hand) {
    this.#hand = hand;
  }

  /**
   * Where run `attempt` (from 1) of the claim walks from (inclusive): just after the hand's last
   * machine, or a random id. A run again after a race is on a fresh snapshot, which sees the claim
   * it raced with, so it walks from the hand too and keeps the round going; from the third run on
   * it starts at random ids, so a run of races at one spot ends.
   */
  start(attempt: number): string {
    const last = this.#hand.after;
    return attempt <= HAND_ATTEMPTS && last !== undefined ? uuidAfter(last) : crypto.randomUUID();
  }

  /** Records the machine the claim took last (in its walk's order). */
  tookLast(machineId: string): void {
    this.#hand.after = machineId;
  }

  /** The claim found nothing: the hand's next claim starts at a random id. */
  foundNothing(): void {
    this.#hand.after = undefined;
  }

  /** Gives the hand back for the next claim. */
  release(): void {
    this.#hand.busy = false;
  }
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
