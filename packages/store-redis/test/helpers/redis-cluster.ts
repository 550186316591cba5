import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { portFree, waitUntil } from '@tagout/conformance';
import { Cluster, type ClusterOptions } from 'ioredis';
import { clusterDirPrefix } from './leftover-clusters.js';

const run = promisify(execFile);

/** Options of {@link startTestCluster}. */
export interface TestClusterOptions {
  /** Replicas per master (`redis-cli --cluster create --cluster-replicas`). Default 0. */
  replicas?: number;
  /**
   * `cluster-node-timeout`: how long a master may be unreachable before it is failed over.
   * Default Redis' 15 s; failover tests set about 1 s.
   */
  nodeTimeoutMs?: number;
}

/** A throwaway 3-master Redis Cluster on loopback ports. */
export interface TestCluster {
  /** Every node's port, masters and replicas (the roles are Redis' choice: see `cluster-topology.ts`). */
  ports: readonly number[];
  /** A Cluster client on it. */
  client(options?: ClusterOptions): Cluster;
  /** SIGKILLs the node on `port`: a crash, not a shutdown (no save, no failover handshake). */
  kill(port: number): void;
  /** Shuts every node down (nosave; SIGKILL if it does not go) and removes the data directory. Idempotent. */
  stop(): Promise<void>;
}

/** Ports P with P and its cluster bus port P + 10000 both free (so P ≤ 55535). */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (!ports.includes(port) && (await portFree(port)) && (await portFree(port + 10_000))) ports.push(port);
  }
  return ports;
}

/** `redis-cli -p port args...` on loopback; its stdout. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  return (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout;
}

async function clusterState(port: number): Promise<string> {
  return /cluster_state:(\w+)/.exec(await redisCli(port, 'cluster', 'info'))?.[1] ?? 'unknown';
}

/** Whether `port` is a master, or a replica whose link to its master is up. */
async function replicationReady(port: number): Promise<boolean> {
  const info = await redisCli(port, 'info', 'replication');
  return info.includes('role:master') || info.includes('master_link_status:up');
}

/** Whether process `pid` runs. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `3 × (1 + replicas)` `redis-server --cluster-enabled yes` nodes, joins them with
 * `redis-cli --cluster create`, and waits until every node reports `cluster_state:ok` and
 * every replica's link to its master is up (its initial sync done). Replicas are started
 * with `--cluster-replica-validity-factor 0`, so one that lost its master for any time may
 * still be promoted. On failure whatever started is stopped again before the error propagates.
 */
export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const replicas = options.replicas ?? 0;
  const dir = mkdtempSync(join(tmpdir(), clusterDirPrefix()));
  const ports = await freePorts(3 * (1 + replicas));
  const pidFile = (port: number) => join(dir, `redis-${port}.pid`);
  const pids = new Map<number, number>();
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await Promise.allSettled(ports.map((port) => redisCli(port, 'shutdown', 'nosave')));
      for (const pid of pids.values()) if (alive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  try {
    for (const port of ports) {
      await run('redis-server', [
        ...['--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes'],
        ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)],
        ...['--cluster-replica-validity-factor', '0'],
        ...(options.nodeTimeoutMs === undefined
          ? []
          : ['--cluster-node-timeout', String(options.nodeTimeoutMs)]),
        ...['--dir', dir, '--save', '', '--appendonly', 'no'],
        ...['--pidfile', pidFile(port), '--logfile', join(dir, `redis-${port}.log`)],
      ]);
    }
    await waitUntil('every node answers', async () => {
      await Promise.all(ports.map((port) => redisCli(port, 'ping')));
      for (const port of ports) pids.set(port, Number(readFileSync(pidFile(port), 'utf8')));
      return true;
    });
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      ...['--cluster-replicas', String(replicas), '--cluster-yes'],
    ]);
    await waitUntil('cluster_state:ok on every node', async () =>
      (await Promise.all(ports.map(clusterState))).every((state) => state === 'ok'),
    );
    await waitUntil('every replica synced', async () =>
      (await Promise.all(ports.map(replicationReady))).every(Boolean),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    client: (clientOptions) =>
      new Cluster(
        ports.map((port) => ({ host: '127.0.0.1', port })),
        clientOptions,
      ),
    kill: (port) => {
      const pid = pids.get(port);
      if (pid === undefined) throw new Error(`tagout: no test Redis node on port ${port}`);
      process.kill(pid, 'SIGKILL');
    },
    stop,
  };
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
