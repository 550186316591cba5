import { expect } from 'vitest';
import type { Expected } from '../model/expected.js';

/** What an engine call did: resolved with a value, or rejected with an error. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs an engine call and captures its outcome. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Asserts the engine and the model agree on the outcome: both succeeded, or both failed
 * with the same error class (and the same until/cause of a backoff, the same held
 * process of a conflict). Returns the engine's value on success.
 */
export function expectSameOutcome<T>(
  what: string,
  actual: Settled<T>,
  expected: Expected<unknown>,
): T | undefined {
  if (expected.ok) {
    if (!actual.ok)
      throw new Error(`${what}: the model expected success, the engine rejected: ${String(actual.error)}`);
    return actual.value;
  }
  if (actual.ok) throw new Error(`${what}: the model expected ${expected.error.name}, the engine succeeded`);
  const error = actual.error as { name?: unknown };
  expect(error.name, `${what}: ${String(actual.error)}`).toBe(expected.error.name);
  if (expected.error.name === 'BackedOffError') {
    expect(error, what).toMatchObject({ until: expected.error.until, cause: expected.error.cause });
  }
  if ('machineId' in expected.error && expected.error.machineId !== undefined) {
    expect(String(actual.error), what).toContain(`machine ${expected.error.machineId} `);
  }
  if (expected.error.name === 'WorkConflictError') {
    expect(error, what).toMatchObject({ heldProcess: expected.error.heldProcess });
  }
  return undefined;
}
