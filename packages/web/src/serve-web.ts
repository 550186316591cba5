import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '@tagout/core';
import { createNodeHandler } from './create-node-handler.js';
import { isLoopback } from './security/is-loopback.js';
import type { WebOptions } from './web-options.js';

/** Options of {@link serveWeb}: the UI's options plus where to listen. */
export interface ServeWebOptions extends WebOptions {
  /** Interface to bind. Default `127.0.0.1`; any other than loopback requires `token` or `auth`. */
  host?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
}

/** A running UI server. */
export interface WebServer {
  /** Where it listens, e.g. `http://127.0.0.1:8080` (with the base path). */
  readonly url: string;
  /** Stops listening and ends open connections. The engine stays open. */
  close(): Promise<void>;
}

/**
 * Serves the debug UI on Node's `http`.
 * @throws ValidationError for bad options, or a non-loopback host without `token` or `auth`;
 * the listen error (EADDRINUSE, ...) when the port cannot be bound.
 */
export async function serveWeb(options: ServeWebOptions): Promise<WebServer> {
  const { host = '127.0.0.1', port = 8080, ...web } = options;
  if (!isLoopback(host) && web.token === undefined && web.auth === undefined) {
    throw new ValidationError('host', `${host} is not a loopback address: give a token (or an auth hook)`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ValidationError('port', 'must be an integer from 0 to 65535');
  }
  const server = createServer(createNodeHandler(web));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}${web.basePath ?? ''}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
