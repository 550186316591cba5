import { randomUUID } from 'node:crypto';
import { type Redis, seedRedisMachines } from '@tagout/store-redis';

/**
 * Creates `count` machines in the namespace `prefix` with the store's seeding script
 * (`seedRedisMachines`: the keys `createMachine` writes, `batch` machines per script call,
 * 4 calls in flight). Every machine is `Provided`; all but `eligibleShare` of them are also
 * `AgentStarted`. Returns the ids.
 */
export async function seedMachines(
  client: Redis,
  prefix: string,
  count: number,
  options: { eligibleShare: number; batch?: number; onProgress?: (done: number) => void },
): Promise<string[]> {
  const ids: string[] = [];
  const batch = options.batch ?? 1000;
  const inFlight = 4;
  for (let done = 0; done < count; done += batch * inFlight) {
    const calls: Promise<number>[] = [];
    for (let start = done; start < Math.min(count, done + batch * inFlight); start += batch) {
      const machines = [];
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const id = randomUUID();
        ids.push(id);
        const tags: Record<string, string> = { Provided: '{"provider":"bench"}' };
        if (Math.random() >= options.eligibleShare) tags.AgentStarted = '{"publicKey":"k"}';
        machines.push({ id, tags });
      }
      calls.push(seedRedisMachines(client, machines, { prefix }));
    }
    await Promise.all(calls);
    options.onProgress?.(Math.min(count, done + batch * inFlight));
  }
  return ids;
}
