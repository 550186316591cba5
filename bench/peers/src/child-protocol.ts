import type { PeerContext } from './system.js';

/** Bench process → worker child. */
export type ToChild =
  /** Load the system and open its consumer (connect; not timed). */
  | { kind: 'open'; system: string; context: PeerContext }
  /**
   * Start working; report `finished` after `expect` items (null: never) or at the deadline,
   * with the time the `warmup`-th item started (the timed window begins there).
   */
  | { kind: 'start'; expect: number | null; warmup: number; deadlineMs: number }
  /** Make `count` items eligible from this process (`Consumer.produce`), `rate` per second. */
  | { kind: 'produce'; rate: number; count: number }
  /** Report the CPU used so far and the system's counters. */
  | { kind: 'mark' }
  /** Stop the consumer gracefully, report, and exit. */
  | { kind: 'stop' };

/** What a worker child reports when it has handled the items it expected (or ran out of time). */
export interface Finished {
  kind: 'finished';
  /** Items whose handler started. */
  items: number;
  /** When the `warmup`-th of them started (`nowUs`; the first when `warmup` is 0 or 1), and the last. */
  warmUs: number;
  lastUs: number;
  /** For items that carried their send time: handler start − send, µs, in arrival order. */
  latenciesUs: number[];
}

/** CPU and counters at one moment. */
export interface Mark {
  kind: 'mark';
  /** User + system CPU of the child process so far, µs. */
  cpuUs: number;
  counters: Record<string, number>;
}

/** Worker child → bench process. */
export type FromChild =
  | { kind: 'opened' }
  | { kind: 'started' }
  | Finished
  | Mark
  /** After a graceful stop: every handler start seen, including any after `finished`. */
  | { kind: 'stopped'; items: number }
  | { kind: 'error'; message: string };
