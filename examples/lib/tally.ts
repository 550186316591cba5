import type { WorkerEvent } from './fleet-workers.js';

/** Counts of what workers did. */
export interface TallyCounts {
  claims: number;
  finishes: number;
  failures: number;
}

/** A running count of worker events; `take()` hands out what was added since the last take. */
export class Tally implements TallyCounts {
  claims = 0;
  finishes = 0;
  failures = 0;
  #sent: TallyCounts = { claims: 0, finishes: 0, failures: 0 };

  /** Counts one event. */
  add(event: WorkerEvent): void {
    if (event === 'claimed') this.claims++;
    else if (event === 'finished') this.finishes++;
    else this.failures++;
  }

  /** Adds counts received from elsewhere (a child process). */
  merge(counts: TallyCounts): void {
    this.claims += counts.claims;
    this.finishes += counts.finishes;
    this.failures += counts.failures;
  }

  /** The counts added since the previous call. */
  take(): TallyCounts {
    const delta = {
      claims: this.claims - this.#sent.claims,
      finishes: this.finishes - this.#sent.finishes,
      failures: this.failures - this.#sent.failures,
    };
    this.#sent = { claims: this.claims, finishes: this.finishes, failures: this.failures };
    return delta;
  }
}
