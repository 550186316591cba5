/**
 * The signal a handler gets (`HandlerContext.signal`), made when first read: most handlers never
 * read it, and an `AbortController` per work was 6 % of a batched drain's busy CPU in the worker
 * (`docs/performance.md`). It behaves as if made when the handler started: aborted with the
 * session's reason if the session ends while the handler runs (up to `stopListening()`), or with
 * the reason given to `abort()`, whichever comes first.
 */
export class HandlerSignal {
  readonly #session: AbortSignal;
  #controller: AbortController | undefined;
  /** Set once aborted before the controller was made: the reason it carries. */
  #early: { reason: unknown } | undefined;
  #listening = true;
  /** The listener on the session's signal, made (and added) with the controller, if ever. */
  #onSessionEnd: (() => void) | undefined;

  constructor(session: AbortSignal) {
    this.#session = session;
  }

  /** The handler's signal (made on first read). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      if (this.#early !== undefined) controller.abort(this.#early.reason);
      else if (this.#listening) {
        if (this.#session.aborted) controller.abort(this.#session.reason);
        else {
          this.#onSessionEnd = () => this.abort(this.#session.reason);
          this.#session.addEventListener('abort', this.#onSessionEnd, { once: true });
        }
      }
    }
    return this.#controller.signal;
  }

  /** Aborts the signal with `reason` (the first reason wins). */
  abort(reason: unknown): void {
    if (this.#controller !== undefined) this.#controller.abort(reason);
    else this.#early ??= { reason };
  }

  /**
   * Stops following the session (the handler settled): a session that ended by now has aborted
   * the signal, one that ends later does not.
   */
  stopListening(): void {
    if (!this.#listening) return;
    if (this.#session.aborted) this.abort(this.#session.reason);
    this.#listening = false;
    if (this.#onSessionEnd !== undefined) this.#session.removeEventListener('abort', this.#onSessionEnd);
  }
}
