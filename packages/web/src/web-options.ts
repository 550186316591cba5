import { checkOptions, type Engine, ValidationError } from '@tagout/core';

/**
 * Decides whether a request may see the UI: return true to let it through. Runs before
 * every route (pages and actions).
 */
export type AuthHook = (request: Request) => boolean | Promise<boolean>;

/** Options of {@link createWebApp}, {@link createNodeHandler} and {@link serveWeb}. */
export interface WebOptions {
  /** The engine to show. The UI never closes it. */
  engine: Engine;
  /** Where the UI lives in the URL space, e.g. `/tagout`. Default `''` (the root). */
  basePath?: string;
  /**
   * A shared secret. When set, every request needs it: `Authorization: Bearer <token>`, or
   * a cookie set by opening any page once with `?token=<token>`.
   */
  token?: string;
  /** Your own check (session cookie, SSO header, ...); runs after `token`, if both are given. */
  auth?: AuthHook;
  /** Refuse every state-changing request (403), whatever its CSRF token. Default false. */
  readOnly?: boolean;
  /** The clock used for ages and time left. Default `Date.now`. */
  now?: () => number;
}

/** {@link WebOptions} checked, with defaults filled in. */
export interface ResolvedWebOptions {
  engine: Engine;
  basePath: string;
  token: string | undefined;
  auth: AuthHook | undefined;
  readOnly: boolean;
  now: () => number;
}

const KEYS = ['engine', 'basePath', 'token', 'auth', 'readOnly', 'now'] as const;

/**
 * Checks web options and fills in defaults.
 * @throws ValidationError for an unknown key, a missing engine, a base path that is not
 * `''` or `/segment...` without a trailing slash, an empty token, or a hook that is no function.
 */
export function resolveWebOptions(value: unknown): ResolvedWebOptions {
  const options = checkOptions<WebOptions>('options', value, [...KEYS]);
  const engine = options.engine as Engine | undefined;
  if (engine === null || typeof engine !== 'object' || typeof engine.machines !== 'function') {
    throw new ValidationError('engine', 'must be an engine from openEngine()');
  }
  const basePath = options.basePath ?? '';
  if (typeof basePath !== 'string' || !/^(\/[A-Za-z0-9._~-]+)*$/.test(basePath)) {
    throw new ValidationError('basePath', "must be '' or like '/tagout' (no trailing slash)");
  }
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token.length === 0)) {
    throw new ValidationError('token', 'must be a non-empty string');
  }
  for (const field of ['auth', 'now'] as const) {
    if (options[field] !== undefined && typeof options[field] !== 'function') {
      throw new ValidationError(field, 'must be a function');
    }
  }
  if (options.readOnly !== undefined && typeof options.readOnly !== 'boolean') {
    throw new ValidationError('readOnly', 'must be a boolean');
  }
  return {
    engine,
    basePath,
    token: options.token,
    auth: options.auth,
    readOnly: options.readOnly ?? false,
    now: options.now ?? Date.now,
  };
}
