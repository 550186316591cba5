import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** How a script run by {@link runToExit} ended. */
export interface ScriptRun {
  /** The exit code, or 'hung' when it was still running after the guard and was killed. */
  exit: number | 'hung';
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript script in its own Node.js process (`node --import tsx`) and waits until it
 * exits by itself. A process still alive after `guardMs` (something keeps its event loop busy:
 * a socket, a reconnect timer) is killed and reported as `hung`.
 */
export function runToExit(script: string, args: readonly string[], guardMs = 30_000): Promise<ScriptRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ exit: 'hung', stdout, stderr });
    }, guardMs);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ exit: code ?? (signal === null ? -1 : -2), stdout, stderr });
    });
  });
}

/** A loopback port nothing listens on (bound once by the OS, then released): connects are refused. */
export function refusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * How an operation failed, as one JSON line for a parent test to parse: the error's name,
 * message and `code`, and its cause's `code` (e.g. `ECONNREFUSED`).
 */
export function failureLine(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return JSON.stringify({
    name: error instanceof Error ? error.name : typeof error,
    message: error instanceof Error ? error.message : String(error),
    code: (error as { code?: unknown } | null)?.code,
    causeCode: cause?.code,
  });
}
