/** Counters of one worker since it started. */
export interface WorkerStats {
  /**
   * Works held now: handlers running, and works whose handler settled being finished or failed (at
   * most 2 × concurrency: a slot frees when its handler settles).
   */
  inFlight: number;
  /** Works claimed ahead (`prefetch`) waiting for a free slot. */
  waiting: number;
  /** Work items claimed. */
  claimed: number;
  /** Work finished (the handler resolved and the commit was applied). */
  finished: number;
  /** Work failed (the handler threw, or returned a commit the engine refused). */
  failed: number;
  /**
   * Work canceled by the worker: claimed while stopping, waiting for a slot (`prefetch`) when it
   * stopped, or a handler still running at the stop timeout.
   */
  canceled: number;
  /**
   * finish/fail refused with WorkLostError (the session expired or the pair was taken over), and
   * works dropped while waiting for a slot because their session ended.
   */
  lost: number;
  /** Claims that found nothing eligible. */
  idlePolls: number;
  /** Sessions started (the first, plus one per replaced expired session). */
  sessionsStarted: number;
  /** Store failures the worker met (claims, sessions, finish/fail) and retried. */
  storeErrors: number;
}

/** The counters a worker mutates; `inFlight` and `waiting` are derived. */
export type WorkerCounters = Omit<WorkerStats, 'inFlight' | 'waiting'>;

/** All counters at zero. */
export function zeroCounters(): WorkerCounters {
  return {
    claimed: 0,
    finished: 0,
    failed: 0,
    canceled: 0,
    lost: 0,
    idlePolls: 0,
    sessionsStarted: 0,
    storeErrors: 0,
  };
}
