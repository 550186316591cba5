import { setTimeout as delay } from 'node:timers/promises';
import type { BackoffPolicy, Filter, Session, Work, WorkCommit } from '@tagout/core';

/** What a worker loop reports, so a caller can count and display progress. */
export type WorkerEvent = 'claimed' | 'finished' | 'failed';

/** Options of {@link runWorkerLoop}. */
export interface WorkerLoopOptions {
  /** The session that claims the work. */
  session: Session;
  /** The process to run, e.g. 'AgentStart'. */
  process: string;
  /** Which machines are eligible. */
  where: Filter;
  /** Does the work. Resolves to what finish commits; a rejection fails the work with its message. */
  handle: (work: Work, signal: AbortSignal) => Promise<WorkCommit | undefined>;
  /** Backoff policy applied when `handle` rejects. */
  policy: BackoffPolicy;
  /** How long to wait when nothing is eligible right now. */
  idleMs: number;
  /** Called when nothing is eligible: resolves true when the loop should end (no work left at all). */
  drained: () => Promise<boolean>;
  /** Stops the loop after the current item. */
  signal: AbortSignal;
  /** Progress callback. */
  onEvent?: (event: WorkerEvent) => void;
}

/**
 * Claims work by filter, runs the handler, and finishes or fails it, until `drained`
 * says there is nothing left or `signal` aborts. Waits `idleMs` when nothing is eligible
 * now (for example, everything left is in backoff). Work still held when the loop stops
 * is released with cancel.
 * @throws whatever the engine throws other than the handler's own failure (SessionExpiredError, StoreError, ...).
 */
export async function runWorkerLoop(options: WorkerLoopOptions): Promise<void> {
  const { session, process, where, signal } = options;
  while (!signal.aborted) {
    const work = await session.work(process, { where });
    if (work === null) {
      if (await options.drained()) return;
      await idle(options.idleMs, signal);
      continue;
    }
    options.onEvent?.('claimed');
    try {
      const outcome = await attempt(() => options.handle(work, signal));
      if (outcome.ok) {
        await work.finish(outcome.commit ?? {});
        options.onEvent?.('finished');
      } else {
        await work.fail(outcome.cause, options.policy);
        options.onEvent?.('failed');
      }
    } finally {
      await work.cancel();
    }
  }
}

type Outcome = { ok: true; commit: WorkCommit | undefined } | { ok: false; cause: string };

async function attempt(run: () => Promise<WorkCommit | undefined>): Promise<Outcome> {
  try {
    return { ok: true, commit: await run() };
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    return { ok: false, cause: cause === '' ? 'failed' : cause };
  }
}

async function idle(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // Aborted: the loop condition ends the loop.
  }
}
