import { startPrivateRedis } from '@tagout/conformance';
import { Redis } from 'ioredis';

/** A throwaway `redis-server` and a client on it, for tests that count the commands scripts run. */
export interface CountedRedis {
  /** A client on it (closed by `stop`). */
  client: Redis;
  /** How many times each command ran since the last call (`INFO commandstats`, then `CONFIG RESETSTAT`). */
  commandCounts(): Promise<Record<string, number>>;
  /** Disconnects the client and stops the server. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a private `redis-server` without persistence (`startPrivateRedis` of
 * `@tagout/conformance`) and connects a client to it: only the test's own commands reach it.
 */
export async function startCountedRedis(): Promise<CountedRedis> {
  const server = await startPrivateRedis({ persist: false });
  const client = new Redis(server.url, { lazyConnect: true });
  const stop = async () => {
    client.disconnect();
    await server.stop();
  };
  try {
    await client.connect();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    client,
    async commandCounts() {
      const info = await client.info('commandstats');
      await client.config('RESETSTAT');
      const counts: Record<string, number> = {};
      for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
        counts[match[1]!] = Number(match[2]);
      return counts;
    },
    stop,
  };
}
