import type { Cluster, Redis } from 'ioredis';

/** An ioredis connection: a `Redis` client, or one node of a `Cluster`. */
interface Connection {
  on(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/**
 * Counts the closes of a client's connections, so the store can tell a reply that may describe
 * a second run of its script.
 *
 * ioredis runs a command again when its connection closes while the command is in flight: a
 * `Redis` client resends every unanswered command once it has reconnected
 * (`autoResendUnfulfilledCommands`, on by default; turning it off leaves those commands pending
 * forever), and a `Cluster` retries a command whose node connection closed
 * (`retryDelayOnFailover`). If the first run had reached the server (a server killed after it
 * fsynced the script's effects, before it replied), the script ran twice and the only reply the
 * caller sees is the second run's: a claim then holds two work items and reports one, leaving the
 * other stranded behind a live session. A re-run only ever follows a close on the client, so a
 * reply received after a close that happened while its command was in flight is not trusted.
 */
export class ConnectionCloses {
  #count = 0;
  readonly #client: Redis | Cluster;
  readonly #watched: Connection[] = [];
  readonly #onClose = () => {
    this.#count++;
  };
  readonly #onNode = (node: Connection) => this.#watch(node);

  constructor(client: Redis | Cluster) {
    this.#client = client;
    if (client.isCluster) {
      const cluster = client as Cluster;
      cluster.on('+node', this.#onNode);
      for (const node of cluster.nodes('all')) this.#watch(node);
    } else {
      this.#watch(client);
    }
  }

  /** Closes seen so far. Take it before sending a command; a different value after the reply means a close came between. */
  get count(): number {
    return this.#count;
  }

  /** Removes the listeners (the store is closing; a client handed in lives on). */
  dispose(): void {
    if (this.#client.isCluster) (this.#client as Cluster).off('+node', this.#onNode);
    for (const connection of this.#watched) connection.off('close', this.#onClose);
    this.#watched.length = 0;
  }

  #watch(connection: Connection): void {
    connection.on('close', this.#onClose);
    this.#watched.push(connection);
  }
}
