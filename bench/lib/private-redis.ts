import { startPrivateRedis } from '@tagout/conformance';
import { Redis } from '@tagout/store-redis';

/** A `redis-server` of the benchmark's own, so other clients of the shared one do not share its thread. */
export interface BenchRedis {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** A connected client (closed by `stop`). */
  client: Redis;
  /** Shuts the server down and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts a private `redis-server` on a free loopback port without persistence (`--save ''`,
 * `--appendonly no`, the test Redis's settings; the conformance suite's `startPrivateRedis`) and
 * connects a client to it.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  const server = await startPrivateRedis({ persist: false });
  const client = new Redis(server.url);
  await client.ping();
  return {
    url: server.url,
    client,
    stop: async () => {
      client.disconnect();
      await server.stop();
    },
  };
}
