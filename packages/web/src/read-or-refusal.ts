import { ValidationError } from '@tagout/core';

/** A read's answer, or why the engine refused its input. */
export type ReadOutcome<T> = { value: T; error: undefined } | { value: T; error: string };

/**
 * Runs a read driven by user input: its value, or `empty` and the ValidationError's message
 * when the engine refuses the input (so the page shows the form again with the reason).
 * Any other error propagates.
 */
export async function readOrRefusal<T>(read: () => Promise<T>, empty: T): Promise<ReadOutcome<T>> {
  try {
    return { value: await read(), error: undefined };
  } catch (error) {
    if (error instanceof ValidationError) return { value: empty, error: error.message };
    throw error;
  }
}
