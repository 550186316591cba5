import type { Clock } from './types.js';

/** A clock that moves only when told to. Tests and simulations drive deadlines with it. */
export interface ManualClock extends Clock {
  /** Calls `listener` after each `advance` and `set`; returns a function that stops it. */
  onMove(listener: () => void): () => void;
  /** Moves time forward by `ms` (must be ≥ 0). */
  advance(ms: number): void;
  /** Sets the time to `ms` since the epoch. */
  set(ms: number): void;
}

/** Default start of a manual clock: 2026-01-01T00:00:00Z. */
export const MANUAL_CLOCK_START_MS = Date.UTC(2026, 0, 1);

/**
 * Creates a manual clock. Hand it to `openEngine({ clock })` and every deadline of the
 * store (session expiry, backoff ends, tag ages) is judged by it.
 *
 * @throws RangeError when `advance` gets a negative or non-finite value.
 */
export function manualClock(startMs: number = MANUAL_CLOCK_START_MS): ManualClock {
  let current = startMs;
  const listeners = new Set<() => void>();
  const moved = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    now: () => current,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance a clock by ${ms} ms`);
      current += ms;
      moved();
    },
    set(ms: number) {
      if (!Number.isFinite(ms)) throw new RangeError(`cannot set a clock to ${ms}`);
      current = ms;
      moved();
    },
    onMove(listener: () => void) {
      // A wrapper per call, so the same function may be registered twice and removed once.
      const entry = () => listener();
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}
