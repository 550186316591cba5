import { LIMITS } from '@tagout/core';

/** What a worker holds now, and how it may claim: the inputs of {@link claimPlan}. */
export interface HeldWorks {
  /** Handlers in flight at most (`concurrency`). */
  concurrency: number;
  /** Works that may wait for a slot (`prefetch`). */
  prefetch: number;
  /** Works in their handler. */
  handling: number;
  /** Works held: in their handler, or being finished or failed. */
  tasks: number;
  /** Works claimed ahead, waiting for a slot. */
  waiting: number;
  /** One work per claim (`claimsPerSecond` counts claims). */
  oneAtATime: boolean;
}

/**
 * Whether the worker should claim now, and how many. The room is a free handler slot each, plus
 * the `prefetch` that may wait, less those waiting; and no more than lets the worker hold
 * 2 × (`concurrency` + `prefetch`) (works still being finished or failed count: so one batch of
 * finishes, or one slot's worth each, can be on its way while the next claim runs; at
 * 2 × `concurrency` + `prefetch` a batched drain's claims waited for its finishes). A claim goes once the
 * room is worth it: one free slot without `prefetch`; with it, three quarters of the prefetch
 * room, so claims come in big batches while the quarter still waiting keeps the handlers busy
 * (at half, a drain with a no-op handler made batches of about 160 of 264, and Postgres paid for
 * the extra statements and commits: docs/performance.md). It takes all the room, at most
 * `LIMITS.claimBatch`; one at a time when `oneAtATime`.
 */
export function claimPlan(held: HeldWorks): { claim: boolean; limit: number } {
  const { concurrency, prefetch, handling, tasks, waiting, oneAtATime } = held;
  const room = Math.min(
    concurrency + prefetch - handling - waiting,
    2 * (concurrency + prefetch) - tasks - waiting,
  );
  const worthIt = oneAtATime ? 1 : Math.max(1, Math.floor((prefetch * 3) / 4));
  return {
    claim: room >= worthIt,
    limit: oneAtATime ? 1 : Math.max(1, Math.min(room, LIMITS.claimBatch)),
  };
}
