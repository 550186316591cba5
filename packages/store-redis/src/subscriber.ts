import type { ListeningConnection, ListeningEvents } from '@tagout/core';
import type { Cluster, Redis, RedisOptions } from 'ioredis';

/**
 * What a subscriber connection changes of the settings of the client it is duplicated from: it
 * connects when asked, and never reconnects or re-subscribes by itself: `keepListening` opens a
 * new one (on a Cluster, to the slot's master of that moment) and subscribes it.
 */
const SUBSCRIBER: Partial<RedisOptions> = {
  lazyConnect: true,
  autoResubscribe: false,
  retryStrategy: () => null,
  reconnectOnError: null,
};

/** The processes a signal's message names (see `signal` in src/lua/includes/signals.lua), or null for `*`. */
export function decodeSignal(message: string): readonly string[] | null {
  return message === '*' || message === '' ? null : message.split(',');
}

function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as Cluster).isCluster === true;
}

/**
 * The master serving `slot`, as the Cluster client knows it after refreshing its slot map (so a
 * failover that already happened is seen).
 * @throws Error when the refresh fails or no master is known for the slot.
 */
async function slotMaster(cluster: Cluster, slot: number): Promise<Redis> {
  await new Promise<void>((resolve, reject) =>
    cluster.refreshSlotsCache((error) => (error ? reject(error) : resolve())),
  );
  const key = cluster.slots[slot]?.[0];
  const master = cluster.nodes('master').find((node) => `${node.options.host}:${node.options.port}` === key);
  if (master === undefined) throw new Error(`tagout: no Redis Cluster master is known for slot ${slot}`);
  return master;
}

/** Resolves once subscribed; rejects on an error, or a `MOVED` (ioredis leaves that command pending). */
function subscribe(connection: Redis, channel: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const moved = () => reject(new Error(`tagout: ${channel} is served by another Redis node (MOVED)`));
    connection.once('moved', moved);
    connection.ssubscribe(channel).then(
      () => {
        connection.off('moved', moved);
        resolve();
      },
      (error: unknown) => {
        connection.off('moved', moved);
        reject(error);
      },
    );
  });
}

/** Disconnects and resolves once the connection has ended. */
async function disconnect(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()));
  connection.disconnect();
  await ended;
}

/**
 * Opens a subscriber connection on the namespace's signal channel: a duplicate of the store's
 * client, or on a Cluster a connection to the master serving the channel's slot (`slot`, from
 * `CLUSTER KEYSLOT`), and `SSUBSCRIBE`s it. Reports messages and the connection's end through
 * `events`: its close, any error on it (among them the `sunsubscribe` a server pushes when the
 * slot moves away, which ioredis reports as a command queue error).
 * @throws the driver's error when it cannot connect or subscribe (nothing is left open).
 */
export async function openSubscriber(
  client: Redis | Cluster,
  channel: string,
  slot: () => Promise<number>,
  events: ListeningEvents,
): Promise<ListeningConnection> {
  const source = isCluster(client) ? await slotMaster(client, await slot()) : client;
  const connection = source.duplicate(SUBSCRIBER);
  let closed = false;
  const drop = (error: unknown) => {
    if (!closed) events.dropped(error);
  };
  connection.on('error', drop);
  connection.on('close', () => drop(new Error('tagout: the Redis subscriber connection closed')));
  connection.on('smessage', (from: string, message: string) => {
    if (from === channel) events.signal(decodeSignal(message));
  });
  const close = async () => {
    closed = true;
    await disconnect(connection);
  };
  try {
    await connection.connect();
    await subscribe(connection, channel);
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
}
