import type { BackoffPolicy } from './types.js';

const SECOND_NS = 1_000_000_000;
const SECOND_MS = 1000;
/** Largest Go time.Duration: multiplication beyond it counts as overflow. */
const MAX_INT64 = 2 ** 63 - 1;

/** The next backoff of a pair: the interval to store and the (possibly jittered) delay to wait. */
export interface NextBackoff {
  /** Whole seconds, in ms: the base of the following interval. */
  intervalMs: number;
  /** Whole seconds, in ms: `until = now + delayMs`. Equals `intervalMs` without jitter. */
  delayMs: number;
}

/**
 * Computes the next backoff interval (ms) of a pair from its policy and its stored last
 * interval, following BMDB's rules (see {@link BackoffPolicy}). Pure unless
 * `policy.jitter` is set, in which case the result is drawn with `Math.random`.
 *
 * @example nextBackoffMs({ initialMs: 60_000, exponent: 1.1, maximumMs: 120_000 }, 60_000) // 66_000
 */
export function nextBackoffMs(policy: BackoffPolicy | undefined, lastIntervalMs: number | undefined): number {
  return computeBackoff(policy, lastIntervalMs ?? null).delayMs;
}

/**
 * Computes the interval to store and the delay to wait. `random` returns a number in
 * [0, 1) and is used only when the policy asks for jitter.
 */
export function computeBackoff(
  policy: BackoffPolicy | undefined,
  lastIntervalMs: number | null,
  random: () => number = Math.random,
): NextBackoff {
  const intervalMs = baseInterval(policy, lastIntervalMs);
  const jitter = jitterFraction(policy);
  if (jitter === 0) return { intervalMs, delayMs: intervalMs };
  const drawn = intervalMs * (1 - jitter * random());
  return { intervalMs, delayMs: Math.max(SECOND_MS, roundUpToSecondMs(drawn)) };
}

function baseInterval(policy: BackoffPolicy | undefined, lastIntervalMs: number | null): number {
  const last = lastIntervalMs === null ? null : Math.max(lastIntervalMs, SECOND_MS);
  if (policy === undefined) return roundUpToSecondMs(last ?? SECOND_MS);
  const initial = Math.max(policy.initialMs ?? 0, SECOND_MS);
  const maximum = Math.max(policy.maximumMs ?? 0, initial);
  const exponent = Math.max(policy.exponent ?? 1, 1);
  if (exponent === 1 || last === null) return roundUpToSecondMs(initial);
  // As BMDB: int64 nanoseconds × float64, truncated to a whole nanosecond, then capped.
  const product = Math.trunc(last * 1_000_000 * exponent);
  const maximumNs = maximum * 1_000_000;
  const cappedNs =
    !Number.isFinite(product) || product > MAX_INT64 || product > maximumNs ? maximumNs : product;
  return Math.ceil(cappedNs / SECOND_NS) * SECOND_MS;
}

function jitterFraction(policy: BackoffPolicy | undefined): number {
  const jitter = policy?.jitter;
  if (jitter === undefined || jitter === false) return 0;
  if (jitter === true) return 0.5;
  return Math.min(Math.max(jitter, 0), 1);
}

function roundUpToSecondMs(ms: number): number {
  return Math.ceil(ms / SECOND_MS) * SECOND_MS;
}
