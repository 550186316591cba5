import { LIMITS, type Session, type Work, type WorkCommit } from '@tagout/core';

/** A finish waiting for its batch: settles as `work.finish(commit)` would. */
interface PendingFinish {
  work: Work;
  commit: WorkCommit;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The finishes of one worker (`commitBatchMs`), gathered for at most `windowMs` from the first
 * one and sent in one `session.finishMany` per session. A batch goes at once when every running
 * handler has its finish in it (nothing else could join it) or when it holds
 * `LIMITS.finishBatch`; after `close()` every finish goes at once. Each finish still settles
 * with its own outcome, exactly as `work.finish(commit)` would.
 */
export class FinishBatcher {
  readonly #windowMs: number;
  /** Whether a batch of this many finishes holds the finish of every running handler. */
  readonly #complete: (pending: number) => boolean;
  #pending = new Map<Session, PendingFinish[]>();
  #count = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(windowMs: number, complete: (pending: number) => boolean) {
    this.#windowMs = windowMs;
    this.#complete = complete;
  }

  /**
   * Finishes `work` (of `session`) with `commit` in the next batch.
   * @throws (rejects with) what `work.finish(commit)` would reject with.
   */
  finish(session: Session, work: Work, commit: WorkCommit): Promise<void> {
    return new Promise((resolve, reject) => {
      const entries = this.#pending.get(session) ?? [];
      if (entries.length === 0) this.#pending.set(session, entries);
      entries.push({ work, commit, resolve, reject });
      this.#count++;
      if (this.#closed || entries.length >= LIMITS.finishBatch || this.#complete(this.#count)) this.flush();
      else this.#timer ??= setTimeout(() => this.flush(), this.#windowMs);
    });
  }

  /** Sends every waiting finish now. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batches = this.#pending;
    this.#pending = new Map();
    this.#count = 0;
    for (const [session, entries] of batches) void send(session, entries);
  }

  /** Sends what waits, and every later finish at once (the worker is stopping). */
  close(): void {
    this.#closed = true;
    this.flush();
  }
}

/** One `finishMany`; settles each entry with its outcome (all with the error, should the call reject). */
async function send(session: Session, entries: readonly PendingFinish[]): Promise<void> {
  try {
    const outcomes = await session.finishMany(entries.map(({ work, commit }) => ({ work, commit })));
    for (const [i, entry] of entries.entries()) {
      const outcome = outcomes[i];
      if (outcome?.ok === true) entry.resolve();
      else entry.reject(outcome === undefined ? new Error('finishMany returned no outcome') : outcome.error);
    }
  } catch (error) {
    for (const entry of entries) entry.reject(error);
  }
}
