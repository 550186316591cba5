import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitUntil } from '@tagout/conformance';
import { expect, it } from 'vitest';
import { clusterDirPrefix, killLeftoverClusters } from './helpers/leftover-clusters.js';
import { alive } from './helpers/redis-cluster.js';

const run = promisify(execFile);

it("stops the redis-server daemons left in this run's cluster directories, and only those", async () => {
  const mine = mkdtempSync(join(tmpdir(), clusterDirPrefix()));
  const others = join(tmpdir(), `tagout-redis-cluster-another-run-${process.pid}`);
  mkdirSync(others, { recursive: true });
  const port = await freePort(20_000, 55_000);
  const pidFile = join(mine, `redis-${port}.pid`);
  await run('redis-server', [
    ...['--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes', '--save', ''],
    ...['--dir', mine, '--pidfile', pidFile, '--logfile', join(mine, 'redis.log')],
  ]);
  try {
    await waitUntil('the daemon wrote its pid file', async () => existsSync(pidFile));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);

    expect(killLeftoverClusters()).toBe(1);
    await waitUntil('the daemon is gone', async () => !alive(pid));
    expect(existsSync(mine)).toBe(false);
    // Another run's directory is not this run's to clean up.
    expect(existsSync(others)).toBe(true);
  } finally {
    await run('redis-cli', ['-p', String(port), 'shutdown', 'nosave']).catch(() => undefined);
    rmSync(mine, { recursive: true, force: true });
    rmSync(others, { recursive: true, force: true });
  }
});
