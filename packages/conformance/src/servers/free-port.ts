import { createServer } from 'node:net';

/** Whether nothing listens on `port` at 127.0.0.1 right now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A random loopback port in [low, high) that is free now (for a private test server). */
export async function freePort(low = 20_000, high = 50_000): Promise<number> {
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await portFree(port)) return port;
  }
}

/**
 * Polls `check` every 100 ms until it returns true, for up to `attempts` tries (waiting on a
 * server starting or stopping, not on a deadline of the code under test).
 * @throws Error naming `what` when it never became true.
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, attempts = 300): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`tagout test harness: ${what} did not happen within ${attempts / 10} s`);
}
