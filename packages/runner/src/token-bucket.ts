/**
 * A rate limiter without bursts: reservations are spaced `1000 / perSecond` ms apart.
 * Pure arithmetic over the times it is given, so it is tested without timers.
 */
export class TokenBucket {
  readonly #intervalMs: number;
  /** The earliest time the next reservation may run. */
  #nextAt = Number.NEGATIVE_INFINITY;

  /** @param perSecond how many reservations a second, > 0. */
  constructor(perSecond: number) {
    this.#intervalMs = 1000 / perSecond;
  }

  /** Reserves the next slot at or after `now` (ms, monotonic) and returns how long to wait for it. */
  reserve(now: number): number {
    const at = Math.max(now, this.#nextAt);
    this.#nextAt = at + this.#intervalMs;
    return at - now;
  }
}
