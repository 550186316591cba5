/**
 * History event ids for stores that number events with one increasing sequence (SQLite's
 * rowid, Postgres's sequence, Redis's `hseq`): the sequence number as 16 decimal digits, zero
 * padded, so that comparing two ids as strings orders them as the history does. A store may use
 * any other format (core checks only the shape of a cursor, see `LIMITS.historyIdLength`); these
 * helpers keep the three built-in stores identical.
 */

/** Digits of a sequence id. Sequences below 10^16 (far beyond any history) keep string order. */
const DIGITS = 16;
const SEQUENCE_ID = /^[0-9]{16}$/;

/**
 * The id of the event numbered `sequence` (a positive integer, as a number or decimal text).
 * @example historyIdOfSequence(42) === '0000000000000042'
 */
export function historyIdOfSequence(sequence: number | string): string {
  return String(sequence).padStart(DIGITS, '0');
}

/**
 * The sequence number of an id made by {@link historyIdOfSequence}, or undefined when `id` is not
 * one such a store could have issued (not 16 digits, zero, or beyond `Number.MAX_SAFE_INTEGER`,
 * which no sequence read into JavaScript reaches).
 */
export function sequenceOfHistoryId(id: string): number | undefined {
  if (!SEQUENCE_ID.test(id)) return undefined;
  const sequence = Number(id);
  return sequence >= 1 && sequence <= Number.MAX_SAFE_INTEGER ? sequence : undefined;
}
