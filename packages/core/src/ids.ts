const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fresh random UUID v4 (lowercase). */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** Whether `value` is a UUID in canonical text form (any case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The `sessionId` of history events no session caused (`BackoffCleared`): the nil UUID, so
 * every store keeps it in its session id column as is. Tokens start at 1, so their `token` 0
 * names no work item either.
 */
export const OPERATOR_SESSION_ID = '00000000-0000-0000-0000-000000000000';
