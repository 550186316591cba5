import { type ChildProcess, spawn } from 'node:child_process';
import { refusedPort } from './run-to-exit.js';

/** A redis-server of one test (never the shared one) that the test can stop and start again. */
export interface RestartableRedis {
  readonly port: number;
  readonly url: string;
  /** Starts the server (again) on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (SIGTERM, nothing saved); resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a private `redis-server` on a free loopback port, without persistence, in the
 * foreground as a child process (so `stop` knows when it is gone).
 */
export async function startRestartableRedis(): Promise<RestartableRedis> {
  const port = await refusedPort();
  let server: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      server = child;
      let log = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        if (log.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${log}`)),
      );
    });
  const stop = async () => {
    const child = server;
    server = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}
