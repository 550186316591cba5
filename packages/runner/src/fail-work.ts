import type { BackoffPolicy } from '@tagout/core';

/** Options of {@link FailWork}. */
export interface FailWorkOptions {
  /** The backoff policy of this failure, instead of the worker's `backoff`. */
  policy?: BackoffPolicy;
  /** The underlying error, kept as the error's `cause`. */
  cause?: unknown;
}

/**
 * Thrown by a handler to fail its work with a policy of its own, e.g. a long backoff
 * for "the machine is not reachable" and the worker's default for everything else.
 * The message becomes the failure cause recorded in the history.
 *
 * @example throw new FailWork('BMC unreachable', { policy: { initialMs: 600_000 } });
 */
export class FailWork extends Error {
  /** The policy to fail the work with; the worker's `backoff` when absent. */
  readonly policy: BackoffPolicy | undefined;

  constructor(message: string, options: FailWorkOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FailWork';
    this.policy = options.policy;
  }
}
