import { TagoutError } from './errors.js';
import type { WakeReason } from './wake-up.js';

/** The pair and holder an event is about. */
export interface WorkEventBase {
  machineId: string;
  process: string;
  sessionId: string;
  token: number;
}

/** Everything an engine emits, by event name. */
export interface EngineEvents {
  /** A claim succeeded. `latencyMs`: how long the claim took, as seen by this process. */
  claimed: WorkEventBase & { latencyMs: number };
  /** Work finished. `durationMs`: from claim to finish, as seen by this process. */
  finished: WorkEventBase & { durationMs: number };
  /** Work failed and the pair is backed off until `until`. */
  failed: WorkEventBase & { durationMs: number; cause: string; until: number };
  /** Work was canceled (backoff untouched). */
  canceled: WorkEventBase & { durationMs: number };
  /** Work was released with an Expired event because its session had died. */
  expired: WorkEventBase;
  /** finish or fail was refused: the session expired or the pair was taken over; nothing was applied. (Not when the session was closed: that is a ClosedError, no event.) */
  lost: WorkEventBase & { reason: 'session-expired' | 'taken-over' };
  /** A session of this engine was found expired (not closed on purpose). */
  sessionExpired: { sessionId: string; component: string };
  /** A `waitForWork` of this engine ended; `waitedMs`: how long it waited, as seen by this process. */
  woke: { process: string; reason: WakeReason; waitedMs: number };
  /** A store operation failed; the error was also thrown or reported. */
  storeError: { operation: string; error: TagoutError };
}

/** A listener of one event. */
export type Listener<T> = (payload: T) => void;

/** The code of errors thrown by listeners, reported through `onError`. */
export class ListenerError extends TagoutError {
  constructor(event: string, cause: unknown) {
    super(
      'LISTENER',
      `a listener of "${event}" threw: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * A small typed emitter. Listeners run synchronously in registration order; one that throws
 * is reported (never propagated), so listeners cannot break the engine.
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  readonly #report: (error: TagoutError) => void;

  constructor(report: (error: TagoutError) => void) {
    this.#report = report;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(event)?.delete(listener as Listener<never>);
  }

  /** Whether anything listens to `event` (lets callers skip building payloads). */
  has(event: keyof Events): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  /** Like {@link emit}, but builds the payload only when something listens (hot paths). */
  emitWith<K extends keyof Events>(event: K, build: () => Events[K]): void {
    if (this.has(event)) this.emit(event, build());
  }

  /** Calls every listener of `event` with `payload`. Never throws. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of set) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#report(new ListenerError(String(event), error));
      }
    }
  }
}
