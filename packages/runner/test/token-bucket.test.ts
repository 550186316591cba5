import { expect, it } from 'vitest';
import { TokenBucket } from '../src/token-bucket.js';

it('spaces reservations 1/rate apart and lets an idle bucket start at once', () => {
  const bucket = new TokenBucket(4);
  expect([0, 0, 0].map(() => bucket.reserve(1000))).toEqual([0, 250, 500]);
  // Time moved past every reservation: the next one runs at once, then 250 ms later.
  expect(bucket.reserve(5000)).toBe(0);
  expect(bucket.reserve(5100)).toBe(150);
});
