import { createHash } from 'node:crypto';

/** Longest channel name Postgres takes (`NAMEDATALEN - 1` bytes). */
const MAX_CHANNEL_BYTES = 63;

/** Largest notification payload Postgres takes is 7999 bytes; past this a signal says "anything". */
const MAX_PAYLOAD_BYTES = 7999;

/** The payload of a signal that names no process: anything may have become eligible. */
export const ANYTHING = '*';

/**
 * The `LISTEN`/`NOTIFY` channel of a schema: `tagout:<schema>`. A schema name is at most 63
 * characters, a channel name at most 63 bytes: a longer channel keeps the schema's first 46
 * characters and appends the first 8 hex digits of the schema's SHA-1 (two schemas sharing a
 * channel would only wake each other's claimers for nothing).
 */
export function notifyChannel(schema: string): string {
  const channel = `tagout:${schema}`;
  if (channel.length <= MAX_CHANNEL_BYTES) return channel;
  const hash = createHash('sha1').update(schema).digest('hex').slice(0, 8);
  return `tagout:${schema.slice(0, 46)}:${hash}`;
}

/** `LISTEN` of a channel, its name quoted as an identifier. */
export function listenSql(channel: string): string {
  return `listen "${channel.replaceAll('"', '""')}"`;
}

/**
 * A signal's payload: the process names, comma-separated (names never contain a comma), or
 * {@link ANYTHING} for null, and for names too many to fit in a notification.
 */
export function encodeSignal(processes: Iterable<string> | null): string {
  if (processes === null) return ANYTHING;
  const payload = [...processes].join(',');
  return payload === '' || Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES ? ANYTHING : payload;
}

/** The processes a payload names, or null for {@link ANYTHING}. */
export function decodeSignal(payload: string): readonly string[] | null {
  return payload === ANYTHING || payload === '' ? null : payload.split(',');
}
