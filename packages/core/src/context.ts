import { StoreError, TagoutError } from './errors.js';
import { Emitter, type EngineEvents } from './events.js';
import type { AtTime, Store } from './store.js';
import type { TagWriteCheck } from './tag-schemas.js';
import type { Clock } from './types.js';
import { WakeHub } from './wake-hub.js';

/** What an engine's sessions and work items share. Internal. */
export class EngineContext {
  readonly store: Store;
  readonly clock: Clock | undefined;
  readonly onError: (error: TagoutError) => void;
  /** How long a dead session is kept before the store may delete it. */
  readonly sessionRetentionMs: number;
  /** The engine's typed events. */
  readonly events: Emitter<EngineEvents>;
  /** Checks tag writes: `checkTagWrites`, or with the engine's tag schemas (`tagWriteCheck`). */
  readonly checkTags: TagWriteCheck;
  /** Waits for work, and the store subscription that ends them (see `engine.waitForWork`). */
  readonly wakes: WakeHub;
  #processes: ReadonlySet<string>;
  #blockers: ReadonlyMap<string, readonly string[]>;

  constructor(options: {
    store: Store;
    clock: Clock | undefined;
    processes: readonly string[];
    blockers: ReadonlyMap<string, readonly string[]>;
    sessionRetentionMs: number;
    onError: (error: TagoutError) => void;
    checkTags: TagWriteCheck;
  }) {
    this.sessionRetentionMs = options.sessionRetentionMs;
    this.store = options.store;
    this.clock = options.clock;
    this.#processes = new Set(options.processes);
    this.#blockers = options.blockers;
    this.onError = options.onError;
    this.checkTags = options.checkTags;
    this.events = new Emitter<EngineEvents>((error) => this.report(error));
    this.wakes = new WakeHub(this);
  }

  /** The processes the engine accepts. */
  get processes(): ReadonlySet<string> {
    return this.#processes;
  }

  /**
   * Sets the processes and their blockers once they are known: an engine opened with
   * `processes: 'discover'` learns them from the store after opening it.
   */
  accept(processes: readonly string[], blockers: ReadonlyMap<string, readonly string[]>): void {
    this.#processes = new Set(processes);
    this.#blockers = blockers;
  }

  /** `{ now }` from the injected clock, or nothing so the store uses its own. */
  at(): AtTime {
    return this.clock === undefined ? {} : { now: this.clock.now() };
  }

  /** The processes whose live work blocks a claim for `process` (itself included). */
  blockersOf(process: string): readonly string[] {
    return this.#blockers.get(process) ?? [process];
  }

  /** Runs a store operation; anything it throws that is not a TagoutError becomes a StoreError. */
  async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TagoutError) throw error;
      const wrapped = new StoreError(operation, error);
      this.events.emit('storeError', { operation, error: wrapped });
      throw wrapped;
    }
  }

  /** Reports an error that must not be thrown (cancel, background heartbeat). Never throws. */
  report(error: unknown): void {
    const wrapped = error instanceof TagoutError ? error : new StoreError('background', error);
    try {
      this.onError(wrapped);
    } catch {
      // A reporting hook must not break the engine.
    }
  }
}
