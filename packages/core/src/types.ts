import type { Json } from './json.js';
import type { FilterOf, MachineTags, TagTypes, UntypedTags } from './tag-types.js';

/** A source of time in milliseconds since the epoch. Inject one to drive every deadline of a store. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Optional, for a clock that jumps rather than runs (`manualClock`): calls `listener` after
   * each move and returns a function that stops it. An engine waiting for a backoff to end
   * (`waitForWork`) then wakes when the clock reaches that end. A clock without it is taken to
   * run at real speed: such a wait ends after the same number of real milliseconds.
   */
  onMove?(listener: () => void): () => void;
}

/** A named fact about a machine; `Value` is its type on an engine with typed tags. */
export interface Tag<Value = Json> {
  /** The fact, as JSON. */
  value: Value;
  /** When it was last written (ms since epoch, by the store's clock). */
  updatedAt: number;
}

/**
 * A thing in the fleet: a bare-metal machine, a device, a tenant. `Tags` types its tags on an
 * engine with typed tags (see `openEngine`'s `tags`).
 */
export interface Machine<Tags extends TagTypes = UntypedTags> {
  /** UUID, lowercase. */
  id: string;
  /** When it was created (ms since epoch). */
  createdAt: number;
  /** Its tags by name (untyped: `Record<string, Tag>`; typed: every declared tag, optional). */
  tags: MachineTags<Tags>;
}

/** The lockout of one (machine, process) pair after a failure. */
export interface Backoff {
  machineId: string;
  process: string;
  /** No work for the pair starts before this (ms since epoch). */
  until: number;
  /** Why the last attempt failed. */
  cause: string;
  /** The interval that produced `until`, before jitter: the base of the next one. */
  lastIntervalMs: number;
  /** Whether `until` is still in the future. */
  active: boolean;
}

/**
 * What happened to a pair: one entry of the append-only history. `Started`, `Finished`,
 * `Failed`, `Canceled` and `Expired` are the transitions of work items; `BackoffCleared` is an
 * operator's `engine.clearBackoff`, which belongs to no work item.
 */
export type HistoryEventKind = 'Started' | 'Finished' | 'Failed' | 'Canceled' | 'Expired' | 'BackoffCleared';

/** One entry of the append-only work history. It outlives its machine. */
export interface HistoryEvent {
  /**
   * Opaque, unique within the store, and ordered like the history (a later event has a greater
   * id; the built-in stores' ids also compare that way as strings). A cursor for
   * `engine.history({ after, before })`.
   */
  id: string;
  machineId: string;
  process: string;
  event: HistoryEventKind;
  /** When it happened (ms since epoch). */
  at: number;
  /**
   * The session that held (or started) the work. `BackoffCleared` has no session:
   * `OPERATOR_SESSION_ID` (the nil UUID).
   */
  sessionId: string;
  /** The fencing token of the work item the event belongs to; 0 on `BackoffCleared` (no work item). */
  token: number;
  /**
   * Why: on `Failed`, the failure's cause; on `BackoffCleared`, the reason the operator gave
   * (absent when none was given). Absent on every other event.
   */
  cause?: string;
}

/** A live work item: a (machine, process) pair held by a live session. */
export interface WorkInfo {
  machineId: string;
  process: string;
  sessionId: string;
  token: number;
  startedAt: number;
}

/**
 * A backoff policy (BMDB's rules). Periods are whole seconds: intervals are rounded up.
 * - no policy: reuse the last interval, or 1 s;
 * - `exponent` 1 or unset: always `initialMs`;
 * - otherwise `initialMs` first, then the last interval × `exponent`, capped at `maximumMs`.
 */
export interface BackoffPolicy {
  /** First interval; below 1 s counts as 1 s. Default 1 s. */
  initialMs?: number;
  /** Cap; below `initialMs` counts as `initialMs` (so set it to let intervals grow). */
  maximumMs?: number;
  /** Growth factor per repeated failure; below 1 counts as 1. */
  exponent?: number;
  /**
   * Randomise the delay downwards by up to this fraction (true means 0.5): the delay is
   * drawn from [interval × (1 − jitter), interval], rounded up to a whole second, at least
   * 1 s. The stored interval, which the next one grows from, is never jittered.
   */
  jitter?: boolean | number;
}

/**
 * Which machines a claim (or a listing) considers. Tags are compared as JSON; `path`
 * walks object keys; `olderThanMs`/`newerThanMs` compare the tag's `updatedAt` with now.
 * On an engine with typed tags (`Filter<Tags>`) only declared tag names are accepted and
 * `equals` has the type of the tag (or of the value at `path`); the types only, nothing more is
 * checked at run time.
 *
 * ```ts
 * { has: name } | { lacks: name }
 * { tag: name, path?: string[], equals: Json }
 * { tag: name, olderThanMs: ms } | { tag: name, newerThanMs: ms }
 * { and: Filter[] } | { or: Filter[] } | { not: Filter }
 * ```
 */
export type Filter<Tags extends TagTypes = UntypedTags> = FilterOf<Tags>;
