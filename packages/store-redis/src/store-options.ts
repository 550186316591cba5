import { checkOptions, ValidationError } from '@tagout/core';
import type { Cluster, Redis } from 'ioredis';
import { DEFAULT_PREFIX } from './namespace.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * A connected (or lazily connecting) ioredis client or Cluster; tagout never closes it. Set
   * its timeouts yourself (see the README); `timeoutMs` is for the client tagout creates.
   */
  client?: Redis | Cluster;
  /** Where to connect when no client is given. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Namespace: every key is `tagout:{<prefix>}:...`. Default `tagout`. */
  prefix?: string;
  /**
   * For the client tagout creates (not with `client`): how long connecting, and each
   * operation, may take before it fails with `StoreError` (outcome unknown). Default 30 000 ms.
   */
  timeoutMs?: number;
  /**
   * The most machines one script call examines: a claim by filter (see
   * `Store.claimScanBudget`), one step of a listing. Default {@link DEFAULT_SCAN_BUDGET}.
   */
  scanBudget?: number;
}

/** The default {@link RedisStoreOptions.scanBudget}: about 2–5 ms of Redis time per call. */
export const DEFAULT_SCAN_BUDGET = 1000;

/** The options after {@link checkRedisStoreOptions}: one of client or url, and the defaults filled in. */
export type CheckedRedisStoreOptions = { prefix: string; scanBudget: number } & (
  | { client: Redis | Cluster }
  | { url: string; timeoutMs: number }
);

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const DEFAULT_TIMEOUT_MS = 30_000;
/** The longest delay a Node.js timer accepts. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Checks the options of `createRedisStore` and fills in the defaults. The prefix is checked
 * by `namespaceBase`.
 * @throws ValidationError for an unknown key, a client that is not an ioredis client, a url that
 * is not a `redis:` or `rediss:` URL, `url` or `timeoutMs` together with `client`, or a
 * `timeoutMs` that is not a number of ms from 1 to 2147483647, or a `scanBudget` that is not
 * an integer from 1 to 100,000.
 */
export function checkRedisStoreOptions(options: unknown): CheckedRedisStoreOptions {
  const given = checkOptions<RedisStoreOptions>('options', options, [
    'client',
    'url',
    'prefix',
    'timeoutMs',
    'scanBudget',
  ]);
  const prefix = given.prefix ?? DEFAULT_PREFIX;
  const scanBudget = checkScanBudget(given.scanBudget ?? DEFAULT_SCAN_BUDGET);
  if (given.client !== undefined) {
    if (given.client === null || typeof (given.client as Partial<Redis>).evalsha !== 'function') {
      throw new ValidationError('client', 'must be an ioredis Redis or Cluster');
    }
    for (const key of ['url', 'timeoutMs'] as const) {
      if (given[key] !== undefined) {
        throw new ValidationError(key, 'is for the client tagout creates: not with client');
      }
    }
    return { client: given.client, prefix, scanBudget };
  }
  return {
    url: checkUrl(given.url ?? DEFAULT_URL),
    timeoutMs: checkTimeout(given.timeoutMs),
    prefix,
    scanBudget,
  };
}

function checkUrl(url: unknown): string {
  if (typeof url === 'string' && URL.canParse(url)) {
    const protocol = new URL(url).protocol;
    if (protocol === 'redis:' || protocol === 'rediss:') return url;
  }
  throw new ValidationError('url', 'must be a redis:// or rediss:// URL');
}

function checkTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > MAX_TIMEOUT_MS) {
    throw new ValidationError('timeoutMs', `must be a number of ms from 1 to ${MAX_TIMEOUT_MS}`);
  }
  return value;
}

function checkScanBudget(budget: unknown): number {
  if (!Number.isInteger(budget) || (budget as number) < 1 || (budget as number) > 100_000) {
    throw new ValidationError('scanBudget', 'must be an integer from 1 to 100,000');
  }
  return budget as number;
}
