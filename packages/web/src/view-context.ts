import type { Engine } from '@tagout/core';

/** What every page and component needs besides its data. */
export interface ViewContext {
  /** The engine the pages read. */
  engine: Engine;
  /** A path of the UI (`/machines`) as a link under the base path. */
  href(path: string): string;
  /** Now, for ages and time left (ms since epoch). */
  now: number;
  /** The token a state-changing form must post back. */
  csrfToken: string;
  /** Whether actions are refused. */
  readOnly: boolean;
}
