import { LIMITS } from '@tagout/core';
import { expect, it } from 'vitest';
import { claimPlan } from '../src/claim-plan.js';

const idle = { concurrency: 8, prefetch: 0, handling: 0, tasks: 0, waiting: 0, oneAtATime: false };

it('claims every free slot without prefetch, as soon as one is free', () => {
  expect(claimPlan(idle)).toEqual({ claim: true, limit: 8 });
  expect(claimPlan({ ...idle, handling: 7, tasks: 7 })).toEqual({ claim: true, limit: 1 });
  expect(claimPlan({ ...idle, handling: 8, tasks: 8 }).claim).toBe(false);
  // Works being finished count: at most 2 × concurrency held.
  expect(claimPlan({ ...idle, handling: 0, tasks: 16 }).claim).toBe(false);
  expect(claimPlan({ ...idle, handling: 0, tasks: 12 })).toEqual({ claim: true, limit: 4 });
});

it('with prefetch, claims ahead of the slots, and again once three quarters of the prefetch room are free', () => {
  const prefetching = { ...idle, prefetch: 64 };
  expect(claimPlan(prefetching)).toEqual({ claim: true, limit: 72 });
  expect(claimPlan({ ...prefetching, handling: 8, tasks: 8, waiting: 64 }).claim).toBe(false);
  expect(claimPlan({ ...prefetching, handling: 8, tasks: 8, waiting: 17 }).claim).toBe(false);
  expect(claimPlan({ ...prefetching, handling: 8, tasks: 8, waiting: 16 })).toEqual({
    claim: true,
    limit: 48,
  });
  expect(claimPlan({ ...idle, prefetch: LIMITS.claimBatch }).limit).toBe(LIMITS.claimBatch);
  // A small prefetch claims again as soon as one of it is free.
  expect(claimPlan({ ...idle, prefetch: 2, handling: 8, tasks: 8, waiting: 1 })).toEqual({
    claim: true,
    limit: 1,
  });
});

it('with prefetch, claims the next batch while the last one is being finished', () => {
  const prefetching = { ...idle, prefetch: 64 };
  // All 72 works of the last claim ran their handlers and wait for their finishes.
  expect(claimPlan({ ...prefetching, tasks: 72 })).toEqual({ claim: true, limit: 72 });
  // At most 2 × (concurrency + prefetch) held.
  expect(claimPlan({ ...prefetching, tasks: 120 }).claim).toBe(false);
  expect(claimPlan({ ...prefetching, tasks: 97 }).claim).toBe(false);
  expect(claimPlan({ ...prefetching, tasks: 96 })).toEqual({ claim: true, limit: 48 });
});

it('claims one at a time when claims are rate limited', () => {
  expect(claimPlan({ ...idle, prefetch: 64, oneAtATime: true })).toEqual({ claim: true, limit: 1 });
  expect(claimPlan({ ...idle, handling: 8, tasks: 8, oneAtATime: true }).claim).toBe(false);
});
