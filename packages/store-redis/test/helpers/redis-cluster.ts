import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';

const run = promisify(execFile);

/** A throwaway 3-master Redis Cluster on loopback ports. */
export interface TestCluster {
  ports: readonly number[];
  /** A Cluster client on it. */
  client(): Cluster;
  /** Shuts every node down (nosave) and removes the data directory. Idempotent. */
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Ports P with P and its cluster bus port P + 10000 both free. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (!ports.includes(port) && (await portFree(port)) && (await portFree(port + 10_000))) ports.push(port);
  }
  return ports;
}

async function clusterState(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
  return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? 'unknown';
}

/**
 * Starts three `redis-server --cluster-enabled yes` nodes, joins them with
 * `redis-cli --cluster create`, and waits until every node reports `cluster_state:ok`.
 * On failure whatever started is stopped again before the error propagates.
 */
export async function startTestCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-redis-cluster-'));
  const ports = await freePorts(3);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await Promise.allSettled(
        ports.map((port) => run('redis-cli', ['-p', String(port), 'shutdown', 'nosave'])),
      );
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  try {
    for (const port of ports) {
      await run('redis-server', [
        '--port',
        String(port),
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '--logfile',
        join(dir, `redis-${port}.log`),
      ]);
    }
    await waitFor(async () =>
      (await Promise.allSettled(ports.map((port) => run('redis-cli', ['-p', String(port), 'ping'])))).every(
        (r) => r.status === 'fulfilled',
      ),
    );
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitFor(async () => (await Promise.all(ports.map(clusterState))).every((state) => state === 'ok'));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    client: () => new Cluster(ports.map((port) => ({ host: '127.0.0.1', port }))),
    stop,
  };
}

/** Polls `check` every 100 ms for up to 20 s (waiting on a server starting, not on a deadline). */
export async function waitFor(check: () => Promise<boolean>, what = 'the test Redis Cluster'): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`tagout: ${what} did not come up within 20 s`);
}

/** Whether the redis-server and redis-cli binaries can be run. */
export async function clusterToolsAvailable(): Promise<boolean> {
  try {
    await run('redis-server', ['--version']);
    await run('redis-cli', ['--version']);
    return true;
  } catch {
    return false;
  }
}
