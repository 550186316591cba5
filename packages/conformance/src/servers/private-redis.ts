import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitUntil } from './free-port.js';

/** Options of {@link startPrivateRedis}. */
export interface PrivateRedisOptions {
  /**
   * Persist every write (AOF, `appendfsync always`), so that a SIGKILL loses nothing acknowledged
   * and `start()` after `kill()` finds the data again. Default true. With false nothing is
   * persisted (`--appendonly no`): a server started again is empty, and writes cost no fsync.
   */
  persist?: boolean;
}

/** A throwaway `redis-server` of one test, by default persisting every write (AOF, `appendfsync always`). */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** SIGKILLs the server (no shutdown, no save) and waits until it has exited. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory; it loads its AOF (when it persists). */
  start(): Promise<void>;
  /** Kills the server and removes its directory. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/** Whether a TCP connection to `port` on loopback is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a private `redis-server` child process on a random free loopback port with its own
 * directory and no RDB snapshots; by default with `--appendonly yes --appendfsync always`, so a
 * SIGKILL loses no acknowledged write (see {@link PrivateRedisOptions.persist}).
 * @throws Error when `redis-server` is missing or does not come up — a test must fail, not skip.
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-redis-'));
  const port = await freePort(20_000, 55_000);
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    ...(options.persist === false
      ? ['--appendonly', 'no']
      : ['--appendonly', 'yes', '--appendfsync', 'always']),
    '--save',
    '',
    '--logfile',
    join(dir, 'redis.log'),
  ];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const server = spawn('redis-server', args, { stdio: 'ignore' });
    child = server;
    let failure: Error | undefined;
    exited = new Promise((resolve) => {
      server.once('error', (error) => {
        failure = error;
        resolve();
      });
      server.once('exit', (code, signal) => {
        failure ??= new Error(`redis-server exited (code ${code}, signal ${signal})`);
        resolve();
      });
    });
    await waitUntil(`redis-server on port ${port} accepting connections`, async () => {
      if (failure !== undefined) throw failure;
      return accepts(port);
    });
    if (failure !== undefined) throw failure;
  };
  const kill = async () => {
    child?.kill('SIGKILL');
    await exited;
    child = undefined;
  };
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  try {
    await start();
  } catch (error) {
    await stop();
    throw new Error(`tagout test harness: could not start a private redis-server in ${dir}`, {
      cause: error,
    });
  }
  return { url: `redis://127.0.0.1:${port}`, port, kill, start, stop };
}
