import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from '@tagout/store-redis';

/** A `redis-server` of the benchmark's own, so other clients of the shared one do not share its thread. */
export interface BenchRedis {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** A connected client (closed by `stop`). */
  client: Redis;
  /** Shuts the server down (no save) and waits for it to exit. */
  stop(): Promise<void>;
}

/** A free TCP port on the loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port without persistence (`--save ''`,
 * `--appendonly no`, the test Redis's settings) and waits until it answers.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 100, retryStrategy: () => 50 });
  client.on('error', () => undefined); // connection refused until the server listens: retried
  await client.ping();
  return {
    url: `redis://127.0.0.1:${port}`,
    client,
    stop: async () => {
      await client.shutdown('NOSAVE').catch(() => undefined);
      client.disconnect();
      await exited;
    },
  };
}
