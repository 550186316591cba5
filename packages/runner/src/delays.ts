/** The jitter of the runner's own waits: ±20%. */
const JITTER = 0.2;

/**
 * Waits `ms` of real time. Resolves true when the time is up, false as soon as `signal` (or one
 * of `others`) aborts (at once if one already has). Never rejects; leaves no listener behind.
 */
export function wait(ms: number, signal: AbortSignal, ...others: AbortSignal[]): Promise<boolean> {
  const signals = [signal, ...others];
  if (signals.some((one) => one.aborted)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (timeIsUp: boolean) => {
      clearTimeout(timer);
      for (const one of signals) one.removeEventListener('abort', onAbort);
      resolve(timeIsUp);
    };
    const onAbort = () => settle(false);
    const timer = setTimeout(() => settle(true), ms);
    for (const one of signals) one.addEventListener('abort', onAbort, { once: true });
  });
}

/** `ms` randomised by ±20%, so workers started together do not poll in lockstep. */
export function jittered(ms: number): number {
  return ms * (1 - JITTER + 2 * JITTER * Math.random());
}

/** Capped exponential delays for retrying a failing store: initial, ×2 each time, at most maximum. */
export class RetryDelay {
  readonly #initialMs: number;
  readonly #maximumMs: number;
  #nextMs: number;

  constructor(initialMs: number, maximumMs: number) {
    this.#initialMs = initialMs;
    this.#maximumMs = Math.max(maximumMs, initialMs);
    this.#nextMs = initialMs;
  }

  /** The next delay (jittered), doubling the one after it up to the cap. */
  next(): number {
    const delay = this.#nextMs;
    this.#nextMs = Math.min(delay * 2, this.#maximumMs);
    return jittered(delay);
  }

  /** Starts over from the initial delay (after a success). */
  reset(): void {
    this.#nextMs = this.#initialMs;
  }
}
