import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePorts, waitFor } from './redis-cluster.js';

const run = promisify(execFile);

/** A throwaway `redis-server` on a loopback port, for tests that read server-wide statistics. */
export interface PrivateRedis {
  port: number;
  /** A client on it (closed by `stop`). */
  client: Redis;
  /** How many times each command ran since the last call (`INFO commandstats`, then `CONFIG RESETSTAT`). */
  commandCounts(): Promise<Record<string, number>>;
  /** Shuts the server down (nosave). Idempotent. */
  stop(): Promise<void>;
}

/** Starts a private `redis-server` without persistence and waits until it answers. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const [port] = await freePorts(1);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  await run('redis-server', [...args, '--daemonize', 'yes', '--logfile', '']);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      client.disconnect();
      await run('redis-cli', ['-p', String(port), 'shutdown', 'nosave']).catch(() => undefined);
    })();
    return stopped;
  };
  const client = new Redis({ port: port!, host: '127.0.0.1', lazyConnect: true });
  try {
    await waitFor(
      'a private redis-server answers',
      async () => (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG',
    );
    await client.connect();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port: port!,
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
