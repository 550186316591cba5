import type { AddressInfo } from 'node:net';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { PostgresRequestCounter, RedisRequestCounter, type RequestCounter } from './request-counters.js';

/** A TCP proxy on 127.0.0.1 that counts the requests its clients send to the server behind it. */
export interface CountingProxy {
  /** The port to connect to instead of the server's. */
  readonly port: number;
  /** Requests sent so far through every connection (see the counters). */
  requests(): number;
  /** Connections opened so far. */
  connections(): number;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

/**
 * Starts a proxy to `target` that counts each client's requests with the protocol's counter:
 * Postgres round trips (Query and Sync messages) or Redis commands. It runs in the bench
 * process, so the worker under test pays nothing for it; used for the idle measurement only.
 */
export async function startCountingProxy(
  target: { host: string; port: number },
  protocol: 'postgres' | 'redis',
): Promise<CountingProxy> {
  const counters: RequestCounter[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const counter = protocol === 'postgres' ? new PostgresRequestCounter() : new RedisRequestCounter();
    counters.push(counter);
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => counter.feed(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests: () => counters.reduce((sum, counter) => sum + counter.count, 0),
    connections: () => counters.length,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
