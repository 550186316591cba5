import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy on loopback that can stop forwarding, like a network that silently drops packets. */
export interface BlackholeProxy {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /**
   * Stops forwarding in both directions on every connection, open or opened later. Nothing is
   * closed and nothing is answered: bytes are held, as TCP keeps retransmitting during a
   * partition.
   */
  blackhole(): void;
  /** Forwards again, first the bytes held meanwhile (the partition heals). */
  resume(): void;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

/** One direction of a proxied connection: writes to `to`, or holds while blackholed. */
class Pipe {
  readonly #held: Buffer[] = [];

  constructor(
    private readonly to: Socket,
    private readonly isBlackholed: () => boolean,
  ) {}

  push(chunk: Buffer): void {
    if (this.isBlackholed()) this.#held.push(chunk);
    else this.to.write(chunk);
  }

  flush(): void {
    for (const chunk of this.#held.splice(0)) this.to.write(chunk);
  }
}

/** Starts a proxy from a free loopback port to `target`. */
export async function startBlackholeProxy(target: { host: string; port: number }): Promise<BlackholeProxy> {
  let blackholed = false;
  const isBlackholed = () => blackholed;
  const sockets = new Set<Socket>();
  const pipes = new Set<Pipe>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const up = new Pipe(upstream, isBlackholed);
    const down = new Pipe(client, isBlackholed);
    for (const [socket, pipe] of [
      [client, up],
      [upstream, down],
    ] as const) {
      sockets.add(socket);
      pipes.add(pipe);
      socket.on('data', (chunk: Buffer) => pipe.push(chunk));
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        pipes.delete(pipe);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the proxy has no port');
  return {
    port: address.port,
    blackhole: () => {
      blackholed = true;
    },
    resume: () => {
      blackholed = false;
      for (const pipe of pipes) pipe.flush();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
