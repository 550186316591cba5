import { ValidationError } from './errors.js';
import { checkOptions } from './options.js';
import { checkDuration } from './validate.js';

/**
 * Why `engine.waitForWork` returned:
 * - `change`: the store signalled a transition that may have made work of the process
 *   eligible (work of it, or of a process exclusive with it, ended; a backoff of it was
 *   cleared; machines or tags changed), since the claim that found nothing began;
 * - `backoff-ended`: the earliest active backoff of the process that this claim learned of
 *   has ended;
 * - `timeout`: `timeoutMs` passed (the safety poll);
 * - `aborted`: the caller's `signal` aborted.
 */
export type WakeReason = 'change' | 'backoff-ended' | 'timeout' | 'aborted';

/** What `engine.waitForWork` resolves to. */
export interface WakeUp {
  /** Why the wait ended. */
  reason: WakeReason;
}

/** Options of `engine.waitForWork`. */
export interface WaitForWorkOptions {
  /**
   * The longest wait (the safety poll), in ms. Default 30 s; 0 answers at once: `change` or
   * `backoff-ended` when one is already due, else `timeout`.
   */
  timeoutMs?: number;
  /** Aborting it ends the wait with `aborted`. */
  signal?: AbortSignal;
}

/** The safety poll of `engine.waitForWork` when no `timeoutMs` is given. */
export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;

/** {@link WaitForWorkOptions} after validation. Internal. */
export interface CheckedWait {
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/**
 * Checks the options of `engine.waitForWork` and applies the default timeout.
 * @throws ValidationError for an unknown key, a bad `timeoutMs` or a `signal` that is not an AbortSignal.
 */
export function checkWaitOptions(options: unknown): CheckedWait {
  const checked = checkOptions<WaitForWorkOptions>('options', options, ['timeoutMs', 'signal']);
  if (checked.signal !== undefined && !(checked.signal instanceof AbortSignal)) {
    throw new ValidationError('signal', 'must be an AbortSignal');
  }
  return {
    timeoutMs: checkDuration('timeoutMs', checked.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS),
    signal: checked.signal,
  };
}
