import type { EventEmitter } from 'node:events';
import type { ListeningConnection, ListeningEvents } from '@tagout/core';
import pg from 'pg';
import { decodeSignal, listenSql } from './notify-channel.js';
import type { PoolLike } from './pool.js';

/**
 * Where a store's listening connection comes from: a `pg.Client` of its own, made from the
 * store's connection settings (a store made from a connection string), or a client checked out
 * of the pool it was handed, kept for the subscription's life, then `UNLISTEN`ed and given back
 * (or, if that fails, released with an error so the pool ends it rather than reuse one that
 * listens).
 */
export type ListenSource = { config: pg.ClientConfig } | { pool: PoolLike };

/** What a listening connection needs of a client: a `pg.Client`, or one checked out of a `pg.Pool`. */
interface ListeningClient extends Pick<EventEmitter, 'on' | 'removeListener'> {
  query(config: { text: string; query_timeout?: number }): Promise<unknown>;
}

/** A notification as `pg` emits it. */
interface Notification {
  channel: string;
  payload?: string;
}

function isListeningClient(client: unknown): client is ListeningClient {
  const c = client as Partial<Record<keyof ListeningClient, unknown>> | null;
  return typeof c?.on === 'function' && typeof c.removeListener === 'function';
}

/**
 * Connects or checks out a client; `end` ends or releases it (never rejects). `pooled`: the client
 * goes back to a pool that will hand it out again.
 */
async function connect(
  source: ListenSource,
): Promise<{ client: ListeningClient; end(): Promise<void>; pooled: boolean }> {
  if ('pool' in source) {
    const client = await source.pool.connect();
    if (!isListeningClient(client)) {
      client.release(true);
      throw new TypeError(
        'tagout: the clients of the pool given to createPostgresStore do not emit events, so they cannot LISTEN',
      );
    }
    return {
      client,
      pooled: true,
      // Awaited, so once the store's close() resolves the connection no longer listens.
      end: async () => {
        try {
          await client.query({ text: 'UNLISTEN *' });
          client.release();
        } catch {
          client.release(true);
        }
      },
    };
  }
  const client = new pg.Client(source.config);
  // Until the caller attaches its own: a failed connect also emits `error`.
  const ignore = () => undefined;
  client.on('error', ignore);
  const end = () => client.end().catch(() => undefined);
  try {
    await client.connect();
  } catch (error) {
    await end();
    throw error;
  }
  client.removeListener('error', ignore);
  return { client, end, pooled: false };
}

/**
 * Opens a connection that `LISTEN`s on `channel` (the query bounded by `timeoutMs`) and reports its
 * notifications and its end through `events`. Resolves once listening.
 * @throws the driver's error when it cannot connect or listen (nothing is left open).
 */
export async function openListening(
  source: ListenSource,
  channel: string,
  timeoutMs: number,
  events: ListeningEvents,
): Promise<ListeningConnection> {
  const { client, end, pooled } = await connect(source);
  let closed = false;
  const onNotification = (message: Notification) => {
    if (message.channel === channel) events.signal(decodeSignal(message.payload ?? ''));
  };
  const onDrop = (error?: unknown) => {
    if (!closed) events.dropped(error ?? new Error('tagout: the listening connection ended'));
  };
  client.on('notification', onNotification);
  client.on('error', onDrop);
  client.on('end', onDrop);
  const close = async () => {
    if (closed) return;
    closed = true;
    client.removeListener('notification', onNotification);
    client.removeListener('end', onDrop);
    // `onDrop` stays as the error listener (it does nothing once closed): an error while ending
    // must not be unhandled. A pooled client is given back without it: the pool listens for the
    // errors of its idle clients, and a client handed out again must not collect a listener per
    // subscription it ever served.
    await end();
    if (pooled) client.removeListener('error', onDrop);
  };
  try {
    await client.query({ text: listenSql(channel), query_timeout: timeoutMs });
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
}
