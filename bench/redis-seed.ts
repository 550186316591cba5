import { randomUUID } from 'node:crypto';
import type { Store } from '@tagout/core';

/**
 * Creates `count` machines through the store (its own script, so the keys are exactly what
 * tagout writes), `batch` calls in flight at a time. Every machine is `Provided`; all but
 * `eligibleShare` of them are also `AgentStarted`. Returns the ids.
 */
export async function seedMachines(
  store: Store,
  count: number,
  options: { eligibleShare: number; batch?: number; onProgress?: (done: number) => void },
): Promise<string[]> {
  const ids: string[] = [];
  const batch = options.batch ?? 2000;
  for (let done = 0; done < count; done += batch) {
    const calls: Promise<unknown>[] = [];
    for (let i = done; i < Math.min(count, done + batch); i++) {
      const id = randomUUID();
      ids.push(id);
      const tags: Record<string, string> = { Provided: '{"provider":"bench"}' };
      if (Math.random() >= options.eligibleShare) tags.AgentStarted = '{"publicKey":"k"}';
      calls.push(store.createMachine({ id, tags }));
    }
    await Promise.all(calls);
    options.onProgress?.(Math.min(count, done + batch));
  }
  return ids;
}
