import { type BackoffPolicy, LIMITS, toStorableText, type ValidationError } from '@tagout/core';
import { FailWork } from './fail-work.js';

/** How a handler's throw turns into a `fail` call. */
export interface HandlerFailure {
  /** Non-blank text core accepts as a cause (within its 4096-character limit). */
  cause: string;
  /** The handler's own policy (a {@link FailWork}), if it gave one. */
  policy?: BackoffPolicy;
}

/**
 * Turns whatever a handler threw into a failure cause: an Error's message; for an Error
 * without a message, its name; for anything else, a description of the value. The text is
 * made storable by core's `toStorableText` (U+0000 and unpaired surrogates replaced, cut on a
 * code-point boundary within core's limit), so `fail` never refuses it. Never throws.
 */
export function failureOf(thrown: unknown): HandlerFailure {
  const cause = toStorableText(causeText(thrown), LIMITS.causeLength);
  if (thrown instanceof FailWork && thrown.policy !== undefined) return { cause, policy: thrown.policy };
  return { cause };
}

/** The fixed cause to fail with when core refuses the one {@link failureOf} made. */
export function unstorableCause(refusal: ValidationError): string {
  return toStorableText(
    `handler failed; its error could not be stored: ${refusal.message}`,
    LIMITS.causeLength,
  );
}

function causeText(thrown: unknown): string {
  try {
    if (thrown instanceof Error) {
      const message: unknown = thrown.message;
      const text = typeof message === 'string' ? message : describe(message);
      if (text.trim() !== '') return text;
      const name: unknown = thrown.name;
      return `handler threw ${typeof name === 'string' && name !== '' ? name : 'an Error'} without a message`;
    }
    return `handler threw a non-Error value: ${describe(thrown)}`;
  } catch {
    // A getter or trap that throws: nothing more can be said safely.
    return 'handler threw a value that cannot be described';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) {
    try {
      const json = JSON.stringify(value);
      if (json !== undefined) return json;
    } catch {
      // Cycles, BigInt inside: fall through to the tag.
    }
    return Object.prototype.toString.call(value);
  }
  return String(value);
}
