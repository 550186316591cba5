import { LIMITS, type Session, type Work, type WorkCommit } from '@tagout/core';

/** A finish waiting for its batch: settles as `work.finish(commit)` would. */
interface PendingFinish {
  work: Work;
  commit: WorkCommit;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The finishes of one worker, sent in one `session.finishMany` per session (a lone finish as
 * `work.finish`, which a store may do more cheaply). Each finish still settles with its own
 * outcome, exactly as `work.finish(commit)` would. When a batch goes:
 * - `windowMs` 0 (the worker's default): at once if no batch of this batcher is waiting for the
 *   store, else as soon as none is (group commit: no timer, and one batch per round trip under load);
 * - `windowMs` above 0 (`commitBatchMs`): at most `windowMs` after its first finish, or at once
 *   when every running handler has its finish in it (nothing else could join it);
 * - either way, at once when it holds `LIMITS.finishBatch`, and after `close()`.
 */
export class FinishBatcher {
  readonly #windowMs: number;
  /** Whether a batch of this many finishes holds the finish of every running handler. */
  readonly #complete: (pending: number) => boolean;
  #pending = new Map<Session, PendingFinish[]>();
  #count = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Batches sent and not yet settled. */
  #sending = 0;

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
      if (this.#goesNow(entries.length)) this.flush();
      else if (this.#windowMs > 0) this.#timer ??= setTimeout(() => this.flush(), this.#windowMs);
    });
  }

  /** Whether what waits goes now, a finish having joined a batch of `size` (see the class). */
  #goesNow(size: number): boolean {
    if (this.#closed || size >= LIMITS.finishBatch) return true;
    return this.#windowMs === 0 ? this.#sending === 0 : this.#complete(this.#count);
  }

  /** Sends every waiting finish now. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batches = this.#pending;
    this.#pending = new Map();
    this.#count = 0;
    if (batches.size === 0) return;
    this.#sending++;
    void Promise.all([...batches].map(([session, entries]) => send(session, entries))).then(() => {
      this.#sending--;
      // Without a window, what gathered meanwhile goes as soon as no batch is on its way.
      if (this.#windowMs === 0 && this.#sending === 0 && this.#count > 0) this.flush();
    });
  }

  /** Sends what waits, and every later finish at once (the worker is stopping). */
  close(): void {
    this.#closed = true;
    this.flush();
  }
}

/**
 * One `finishMany` (one `work.finish` for a lone entry); settles each entry with its outcome (all
 * with the error, should the call reject). Never rejects.
 */
async function send(session: Session, entries: readonly PendingFinish[]): Promise<void> {
  if (entries.length === 1) {
    const [{ work, commit, resolve, reject }] = entries as [PendingFinish];
    return work.finish(commit).then(resolve, reject);
  }
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
