const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fresh random UUID v4 (lowercase). */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** Whether `value` is a UUID in canonical text form (any case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
