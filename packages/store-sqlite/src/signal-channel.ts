import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Signals between the store instances of this process that share one database: after a commit,
 * a store publishes on the channel of its database, and every subscribed store instance on the
 * same database hears it. A file's channel is keyed by the file's real path (so `./db` and
 * `/abs/db` meet); an in-memory database is private to its store, which keys it by a symbol.
 */

/** What a subscribed store instance takes from its channel. */
export type ChannelTap = (processes: readonly string[] | null) => void;

const channels = new Map<string | symbol, Set<ChannelTap>>();

/** Adds `tap` to the channel of `key`; returns a function that removes it (idempotent). */
export function joinChannel(key: string | symbol, tap: ChannelTap): () => void {
  let taps = channels.get(key);
  if (taps === undefined) {
    taps = new Set();
    channels.set(key, taps);
  }
  taps.add(tap);
  return () => {
    taps.delete(tap);
    if (taps.size === 0 && channels.get(key) === taps) channels.delete(key);
  };
}

/** Hands a signal to every tap on the channel of `key` (none when nobody in this process listens). */
export function publish(key: string | symbol, processes: readonly string[] | null): void {
  const taps = channels.get(key);
  if (taps === undefined) return;
  for (const tap of [...taps]) tap(processes);
}

/**
 * The channel key of a database: the real path of a file (resolved once it exists, i.e. after
 * opening), a fresh symbol for an in-memory database (private to one store).
 */
export function channelKey(path: string): string | symbol {
  if (isMemoryPath(path)) return Symbol('in-memory database');
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Whether `path` opens a private in-memory database. */
export function isMemoryPath(path: string): boolean {
  return path === '' || path === ':memory:' || path.startsWith('file::memory:');
}
