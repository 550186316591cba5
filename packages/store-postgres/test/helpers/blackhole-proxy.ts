import net from 'node:net';

/** A TCP proxy on 127.0.0.1 that can stop forwarding without closing anything. */
export interface BlackholeProxy {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /**
   * Stops forwarding: bytes in both directions are read and dropped, and connections (old and
   * new) stay open, as behind a firewall that silently drops packets.
   */
  blackhole(): void;
  /** Forwards again. What was dropped stays lost, so connections that lost bytes are broken. */
  resume(): void;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

/**
 * Starts a proxy that forwards each connection to `target` (loopback only). A side that closes
 * or fails closes its peer, so ending a client ends its server connection.
 */
export async function startBlackholeProxy(target: { host: string; port: number }): Promise<BlackholeProxy> {
  let dropping = false;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const pipe = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => {
      if (!dropping) to.write(chunk);
    });
    from.on('close', () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    track(client);
    track(upstream);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    port: address.port,
    blackhole: () => {
      dropping = true;
    },
    resume: () => {
      dropping = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
