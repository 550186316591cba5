import { connect, createServer, type Server, type Socket } from 'node:net';

/** A loopback TCP proxy in front of a Redis server that can lose one reply, like a connection dying after the server ran a command. */
export interface ReplyDroppingProxy {
  readonly port: number;
  /**
   * The next bytes the server sends back are discarded and the client's connection is destroyed
   * (the command ran on the server; the client never hears of it).
   */
  dropNextReply(): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to `host:port`. */
export async function startReplyDroppingProxy(host: string, port: number): Promise<ReplyDroppingProxy> {
  let drop = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(port, host);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!drop) {
        client.write(chunk);
        return;
      }
      drop = false;
      client.destroy();
      upstream.destroy();
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
  return {
    port: address.port,
    dropNextReply: () => {
      drop = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
