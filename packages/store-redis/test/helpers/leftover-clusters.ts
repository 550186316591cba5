import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment variable naming the test run, which `startTestCluster` puts into its
 * directory's name, so that the run's teardown stops only its own clusters.
 */
export const TEST_RUN_VARIABLE = 'TAGOUT_TEST_RUN';

/** The prefix of a test cluster's directory (pid files, node configs, logs) under the temp dir. */
export function clusterDirPrefix(): string {
  return `tagout-redis-cluster-${process.env[TEST_RUN_VARIABLE] ?? 'unscoped'}-`;
}

/**
 * SIGKILLs the `redis-server` nodes whose pid files lie in a cluster directory of this run and
 * removes the directories: a cluster's nodes are daemons, and a test file whose tests were all
 * filtered out (`vitest -t`) never runs the hook that would stop the cluster it started when it
 * was loaded. Returns how many nodes were still running.
 */
export function killLeftoverClusters(): number {
  let killed = 0;
  const prefix = clusterDirPrefix();
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(tmpdir(), name);
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.pid')) continue;
      const pid = Number(readFileSync(join(dir, file), 'utf8'));
      if (isRedisServer(pid)) {
        process.kill(pid, 'SIGKILL');
        killed++;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return killed;
}

/** Whether `pid` is a running `redis-server` (so a recycled pid is left alone). */
function isRedisServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('redis-server');
  } catch {
    return false;
  }
}

/**
 * Vitest's global setup (see vitest.config.ts): names the run, and at its end stops what the
 * run's test clusters left running.
 */
export default function setup(): () => void {
  process.env[TEST_RUN_VARIABLE] ??= `${process.pid}`;
  return () => {
    killLeftoverClusters();
  };
}
