import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBackoff, nextBackoffMs } from './backoff.js';

const s = (seconds: number) => seconds * 1000;

/** Feeds each result back as the last interval, as repeated failures of one pair do. */
function series(
  policy: Parameters<typeof nextBackoffMs>[0],
  last: number | undefined,
  count: number,
): number[] {
  const out: number[] = [];
  let previous = last;
  for (let i = 0; i < count; i++) {
    previous = nextBackoffMs(policy, previous);
    out.push(previous / 1000);
  }
  return out;
}

describe('nextBackoffMs reproduces BMDB', () => {
  it('grows 60 s by 1.1 up to 120 s from nothing: 60, 66, 73, 81, 90, 99, 109, 120, 120', () => {
    const policy = { initialMs: s(60), exponent: 1.1, maximumMs: s(120) };
    expect(series(policy, undefined, 9)).toEqual([60, 66, 73, 81, 90, 99, 109, 120, 120]);
  });

  it('doubles from a previous 2 s with {60 s, 2.0, max 120 s}: 4, 8, 16, 32, 64, 120', () => {
    const policy = { initialMs: s(60), exponent: 2, maximumMs: s(120) };
    expect(series(policy, s(2), 6)).toEqual([4, 8, 16, 32, 64, 120]);
  });

  it('without a policy reuses the last interval, or 1 s', () => {
    expect(nextBackoffMs(undefined, undefined)).toBe(s(1));
    expect(nextBackoffMs(undefined, s(42))).toBe(s(42));
    expect(nextBackoffMs(undefined, 1500)).toBe(s(2));
  });

  it('with exponent 1 or unset is always the initial interval, whatever was stored', () => {
    expect(nextBackoffMs({ initialMs: s(5) }, s(300))).toBe(s(5));
    expect(nextBackoffMs({ initialMs: s(5), exponent: 1, maximumMs: s(60) }, s(30))).toBe(s(5));
    expect(nextBackoffMs({}, undefined)).toBe(s(1));
  });

  it('normalises: exponent < 1 is 1, initial < 1 s is 1 s, maximum < initial is initial', () => {
    expect(nextBackoffMs({ initialMs: s(10), exponent: 0.5, maximumMs: s(100) }, s(20))).toBe(s(10));
    expect(nextBackoffMs({ initialMs: 10, exponent: 2, maximumMs: s(100) }, undefined)).toBe(s(1));
    expect(nextBackoffMs({ initialMs: s(10), exponent: 3, maximumMs: s(5) }, s(10))).toBe(s(10));
    expect(nextBackoffMs({ initialMs: s(10), exponent: 3 }, s(10))).toBe(s(10));
  });

  it('counts a stored interval under 1 s as 1 s', () => {
    expect(nextBackoffMs({ initialMs: s(1), exponent: 2, maximumMs: s(100) }, 10)).toBe(s(2));
  });

  it('caps at the maximum on overflow', () => {
    expect(nextBackoffMs({ initialMs: s(1), exponent: 1e300, maximumMs: s(3600) }, s(10))).toBe(s(3600));
  });

  it('rounds up to whole seconds', () => {
    expect(nextBackoffMs({ initialMs: 1500 }, undefined)).toBe(s(2));
    expect(nextBackoffMs({ initialMs: s(1), exponent: 1.5, maximumMs: s(100) }, s(3))).toBe(s(5));
  });

  it('always gives whole seconds within [1 s, max(maximum, initial)] (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          initialMs: fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }),
          maximumMs: fc.option(fc.integer({ min: 0, max: 86_400_000 }), { nil: undefined }),
          exponent: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
        }),
        fc.option(fc.integer({ min: 0, max: 86_400_000 }), { nil: undefined }),
        (raw, last) => {
          const policy = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
          const next = nextBackoffMs(policy, last);
          expect(next % 1000).toBe(0);
          expect(next).toBeGreaterThanOrEqual(1000);
          const initial = Math.max(policy.initialMs ?? 0, 1000);
          const cap = Math.max(policy.maximumMs ?? 0, initial);
          expect(next).toBeLessThanOrEqual(Math.ceil(Math.max(cap, initial) / 1000) * 1000);
        },
      ),
    );
  });
});

describe('jitter', () => {
  const policy = { initialMs: s(60), exponent: 2, maximumMs: s(600), jitter: true };

  it('draws the delay from [interval/2, interval] and stores the un-jittered interval', () => {
    expect(computeBackoff(policy, s(60), () => 0)).toEqual({ intervalMs: s(120), delayMs: s(120) });
    expect(computeBackoff(policy, s(60), () => 0.999999)).toEqual({ intervalMs: s(120), delayMs: s(61) });
  });

  it('never goes below 1 s nor above the maximum', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: s(1000) }),
        (r, last) => {
          const { delayMs, intervalMs } = computeBackoff({ ...policy, jitter: 1 }, last, () => r);
          expect(delayMs).toBeGreaterThanOrEqual(s(1));
          expect(delayMs).toBeLessThanOrEqual(intervalMs);
          expect(intervalMs).toBeLessThanOrEqual(s(600));
          expect(delayMs % 1000).toBe(0);
        },
      ),
    );
  });

  it('is off unless asked for', () => {
    expect(computeBackoff({ initialMs: s(5) }, null, () => 0.9).delayMs).toBe(s(5));
    expect(computeBackoff({ initialMs: s(5), jitter: false }, null, () => 0.9).delayMs).toBe(s(5));
  });
});
