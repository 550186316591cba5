import type { Engine, Session } from '@tagout/core';

/** How the keeper starts sessions. */
export interface SessionKeeperOptions {
  component: string;
  runtimeInfo: string;
  intervalMs: number;
  heartbeat: boolean;
  /** Called after each session start, with the new session. */
  onStarted: (session: Session) => void;
  /** Receives failures to close an old session (never thrown). */
  onError: (error: unknown) => void;
}

/** Holds a worker's current session and replaces it once it has expired. */
export class SessionKeeper {
  readonly #engine: Engine;
  readonly #options: SessionKeeperOptions;
  #session: Session | undefined;

  constructor(engine: Engine, options: SessionKeeperOptions) {
    this.#engine = engine;
    this.#options = options;
  }

  /**
   * The alive session: the current one, or a new one when there is none or it expired
   * (the expired one is closed first, releasing its work).
   * @throws whatever `engine.startSession` throws (StoreError, ClosedError).
   */
  async current(): Promise<Session> {
    const session = this.#session;
    if (session !== undefined && !session.expired) return session;
    if (session !== undefined) {
      this.#session = undefined;
      await this.#closeQuietly(session);
    }
    const { component, runtimeInfo, intervalMs, heartbeat } = this.#options;
    const fresh = await this.#engine.startSession({ component, runtimeInfo, intervalMs, heartbeat });
    this.#session = fresh;
    this.#options.onStarted(fresh);
    return fresh;
  }

  /** Closes the current session, if any. Never rejects (failures go to `onError`). */
  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session !== undefined) await this.#closeQuietly(session);
  }

  async #closeQuietly(session: Session): Promise<void> {
    try {
      await session.close();
    } catch (error) {
      this.#options.onError(error);
    }
  }
}
