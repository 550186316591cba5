/**
 * What every system in the peer benchmark provides: a producer side, run in the bench
 * process, and a consumer side (the worker under test), run in a child process of its own.
 */

/** Where one measurement's items live and how its worker runs. */
export interface PeerContext {
  /** Unique to this measurement: a schema, key prefix or file name (lowercase, `[a-z0-9_]`). */
  namespace: string;
  /** Postgres to connect to (the database `test`, or a counting proxy in front of it). */
  postgresUrl: string;
  /** Redis to connect to (or a counting proxy in front of it). */
  redisUrl: string;
  /** A directory for files (SQLite), removed after the run. */
  dir: string;
  /** Items the worker handles at once, as the system defines it (see `PeerSystem.settings`). */
  concurrency: number;
}

/** The bench process's side: makes items eligible and reads what the store says about them. */
export interface Producer {
  /** Creates `count` eligible items as fast as the system allows (not timed). */
  seed(count: number): Promise<void>;
  /** Makes one item eligible, carrying `sentAtUs` (see `nowUs`) for the handler to read. */
  produce(sentAtUs: number): Promise<void>;
  /** Items the store still holds as not done (queued, running or failed). */
  outstanding(): Promise<number>;
  /** Closes connections and removes the namespace. */
  close(): Promise<void>;
}

/** The worker under test, in its child process. */
export interface Consumer {
  /**
   * Starts working: `onItem` runs at the start of every item's handler with the item's
   * `sentAtUs` (undefined for seeded items); the handler itself does nothing else.
   */
  start(onItem: (sentAtUs: number | undefined) => void): Promise<void>;
  /** Stops gracefully (pending completions written) and closes every connection. */
  stop(): Promise<void>;
  /** Counters the system keeps itself (tagout: claims that found nothing), if any. */
  counters?(): Record<string, number>;
  /**
   * Makes one item eligible from the worker's own process, through the worker's own engine
   * (`Producer.produce` otherwise): for the one-process latency of an embedded store.
   */
  produce?(sentAtUs: number): Promise<void>;
}

/** Which server a system keeps its items in. */
export type StoreKind = 'Postgres' | 'Redis' | 'SQLite';

/** One system of the comparison. */
export interface PeerSystem {
  /** Stable id, used on the command line (`--systems`) and by the child process. */
  id: string;
  /** Name in the tables, e.g. 'graphile-worker'. */
  label: string;
  store: StoreKind;
  /**
   * The store lives in the worker's process (SQLite): the end-to-end latency is also measured
   * with the producer in that process (`Consumer.produce`).
   */
  embedded: boolean;
  /**
   * Measured in the drain only (a floor: it has no wake-ups, so its latency and idle cost would
   * say nothing).
   */
  drainOnly?: boolean;
  /** The package and version measured, e.g. 'graphile-worker 0.17.3'. */
  version: string;
  /** How it is configured, and what its "concurrency" means, for the output. */
  settings: string;
  /** Opens the producer side (creating and migrating the namespace). */
  openProducer(context: PeerContext): Promise<Producer>;
  /** Opens the consumer side, connected and ready to start (not timed). */
  openConsumer(context: PeerContext): Promise<Consumer>;
}
