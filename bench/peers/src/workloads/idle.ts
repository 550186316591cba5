import { setTimeout as sleep } from 'node:timers/promises';
import { measurementContext, type RunServers } from '../context.js';
import { type CountingProxy, startCountingProxy } from '../counting-proxy.js';
import type { PeerSystem } from '../system.js';
import { WorkerChild } from '../worker-child.js';

/** What an idle worker cost over the window, scaled to 30 s. */
export interface IdleResult {
  /**
   * Requests the worker process sent to its server per 30 s (Postgres: round trips, i.e. Query
   * and Sync messages; Redis: commands), counted by a proxy in the bench process. Null for
   * SQLite, which has no server: see `claims`.
   */
  requestsPer30s: number | null;
  /** Claims the runner made per 30 s (tagout only: its own counter), else null. */
  claimsPer30s: number | null;
  /** CPU (user + system) of the worker process per 30 s, ms. */
  cpuMsPer30s: number;
}

/** Options of {@link measureIdle}. */
export interface IdleOptions {
  /** Start-up time not measured (connecting, migrations, first maintenance). */
  warmupMs: number;
  /** The measured window. */
  windowMs: number;
}

function parse(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
}

function through(url: string, proxy: CountingProxy): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  return proxied.toString();
}

/**
 * Idle cost of one system: its worker child connects through counting proxies (Postgres and
 * Redis) and waits with nothing to do; after the warm-up, the requests it sends and the CPU
 * its process uses are taken over the window. The producer only creates the namespace, on
 * direct connections, so nothing of it is counted.
 */
export async function measureIdle(
  system: PeerSystem,
  servers: RunServers,
  options: IdleOptions,
): Promise<IdleResult> {
  const postgres = await startCountingProxy(parse(servers.postgresUrl), 'postgres');
  const redis = await startCountingProxy(parse(servers.redisUrl), 'redis');
  const direct = measurementContext(system, servers, 1);
  const proxied = {
    ...direct,
    postgresUrl: through(servers.postgresUrl, postgres),
    redisUrl: through(servers.redisUrl, redis),
  };
  const requests = () => postgres.requests() + redis.requests();
  const producer = await system.openProducer(direct);
  try {
    const child = await WorkerChild.open(system.id, proxied);
    try {
      await child.start({ expect: null, deadlineMs: 0 });
      await sleep(options.warmupMs);
      const before = await child.mark();
      const requestsBefore = requests();
      await sleep(options.windowMs);
      const after = await child.mark();
      const sent = requests() - requestsBefore;
      await child.stop();
      const per30s = (n: number) => (n * 30_000) / options.windowMs;
      const claims = (after.counters.claims ?? Number.NaN) - (before.counters.claims ?? Number.NaN);
      return {
        requestsPer30s: system.store === 'SQLite' ? null : per30s(sent),
        claimsPer30s: Number.isNaN(claims) ? null : per30s(claims),
        cpuMsPer30s: per30s((after.cpuUs - before.cpuUs) / 1000),
      };
    } catch (error) {
      await child.kill();
      throw error;
    }
  } finally {
    await producer.close();
    await postgres.close();
    await redis.close();
  }
}
