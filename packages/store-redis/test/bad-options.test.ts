import { ValidationError } from '@tagout/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisStore, dropRedisNamespace, namespaceBase, type RedisStoreOptions } from '../src/index.js';

/** Bad input on purpose. */
const bad = (options: unknown) => options as RedisStoreOptions;

/** The error `run` throws (it must throw). */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('createRedisStore refuses bad options with ValidationError', () => {
  // A client that never connects: nothing here may reach a server.
  const client = new Redis({ lazyConnect: true });

  it.each([
    ['a malformed prefix', { prefix: 'a{b}' }, 'prefix'],
    ['an empty prefix', { prefix: '' }, 'prefix'],
    ['a misspelled key', { urll: 'redis://127.0.0.1:6379' }, 'options.urll'],
    ['options that are not an object', 'redis://127.0.0.1:6379', 'options'],
    ['a url that is not redis://', { url: 'http://127.0.0.1:6379' }, 'url'],
    ['a url that is not a URL', { url: 'not a url' }, 'url'],
    ['a url that is not text', { url: 6379 }, 'url'],
    ['a client that is not an ioredis client', { client: {} }, 'client'],
    ['url together with client', { client, url: 'redis://127.0.0.1:6379' }, 'url'],
    ['timeoutMs together with client', { client, timeoutMs: 1000 }, 'timeoutMs'],
    ['a zero timeoutMs', { timeoutMs: 0 }, 'timeoutMs'],
    ['a NaN timeoutMs', { timeoutMs: Number.NaN }, 'timeoutMs'],
    ['a timeoutMs past what a timer takes', { timeoutMs: 2 ** 31 }, 'timeoutMs'],
  ])('%s', (_, options, field) => {
    const error = thrown(() => createRedisStore(bad(options)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
  });

  it('namespaceBase and dropRedisNamespace refuse a malformed prefix the same way', async () => {
    expect(thrown(() => namespaceBase('a b'))).toBeInstanceOf(ValidationError);
    await expect(dropRedisNamespace(client, 'a*')).rejects.toBeInstanceOf(ValidationError);
    expect(client.status).toBe('wait');
  });
});
