import { type BackoffPolicy, LIMITS } from '@tagout/core';
import { FailWork } from './fail-work.js';

/** How a handler's throw turns into a `fail` call. */
export interface HandlerFailure {
  /** Non-empty, at most core's cause limit (4096 characters). */
  cause: string;
  /** The handler's own policy (a {@link FailWork}), if it gave one. */
  policy?: BackoffPolicy;
}

/**
 * Turns whatever a handler threw into a failure cause: an Error's message; for an Error
 * without a message, its name; for anything else, a description of the value. The text
 * is truncated to core's limit so `fail` never refuses it.
 */
export function failureOf(thrown: unknown): HandlerFailure {
  const cause = truncate(causeText(thrown));
  if (thrown instanceof FailWork && thrown.policy !== undefined) return { cause, policy: thrown.policy };
  return { cause };
}

function causeText(thrown: unknown): string {
  if (thrown instanceof Error) {
    if (thrown.message.trim() !== '') return thrown.message;
    return `handler threw ${thrown.name || 'an Error'} without a message`;
  }
  return `handler threw a non-Error value: ${describe(thrown)}`;
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

function truncate(text: string): string {
  const max = LIMITS.causeLength;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
