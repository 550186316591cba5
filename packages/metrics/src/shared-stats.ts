import type { Engine, EngineStats } from '@tagout/core';

/**
 * One `engine.stats()` call shared by every gauge of a scrape: prom-client starts the
 * gauges' `collect()` together, so they all get the call in flight. Settled calls are
 * forgotten, so the next scrape reads fresh counts.
 */
export class SharedStats {
  readonly #engine: Engine;
  #inFlight: Promise<EngineStats | undefined> | undefined;

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** The counts, or undefined when the store could not give them (counted as a store error). */
  get(): Promise<EngineStats | undefined> {
    this.#inFlight ??= this.#engine.stats().then(
      (stats) => {
        this.#inFlight = undefined;
        return stats;
      },
      () => {
        this.#inFlight = undefined;
        return undefined;
      },
    );
    return this.#inFlight;
  }
}
