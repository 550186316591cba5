/**
 * Values that are sometimes still being computed: tag writes are checked synchronously on an
 * engine without tag schemas, and asynchronously (a schema's `validate` may return a promise)
 * on one with them. The synchronous path stays synchronous, with no extra turn of the microtask
 * queue, so an engine without schemas sends its writes to the store exactly as before.
 */

/** A value, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** `next(value)`, now if `value` is ready, else once it resolves. */
export function andThen<T, U>(value: MaybePromise<T>, next: (ready: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
