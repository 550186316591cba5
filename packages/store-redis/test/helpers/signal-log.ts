import type { EligibilityListener } from '@tagout/core';

/** A signal as a {@link SignalLog} keeps it: the process names sorted, or null. */
export type Heard = readonly string[] | null;

/**
 * What a store subscription hears, in order (for the stores' own wake-up tests). Tests wait for
 * what they expect next: an event from a server, never a deadline.
 */
export class SignalLog {
  readonly #heard: Heard[] = [];
  #wake: (() => void) | undefined;

  /** Hand this to `store.subscribe`. */
  readonly listener: EligibilityListener = (processes) => {
    this.#heard.push(processes === null ? null : [...processes].sort());
    this.#wake?.();
  };

  /** Waits until a signal passing `test` has been heard; returns (and forgets) it and those before it. */
  async until(test: (heard: Heard) => boolean): Promise<Heard[]> {
    for (;;) {
      const index = this.#heard.findIndex(test);
      if (index >= 0) return this.#heard.splice(0, index + 1);
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** Waits for a null signal; returns (and forgets) it and those before it. */
  untilNull(): Promise<Heard[]> {
    return this.until((heard) => heard === null);
  }

  /** Waits for the signal naming exactly the process `name` (a sentinel the test sent itself). */
  async untilMarker(name: string): Promise<Heard[]> {
    const heard = await this.until((signal) => signal?.length === 1 && signal[0] === name);
    return heard.slice(0, -1);
  }
}
