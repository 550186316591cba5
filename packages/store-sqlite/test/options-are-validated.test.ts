import { ValidationError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStoreOptions } from '../src/index.js';

/** The field of the ValidationError `createSqliteStore(options)` throws. */
function refusedField(options: unknown): string {
  try {
    createSqliteStore(options as SqliteStoreOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  throw new Error('accepted');
}

describe('createSqliteStore options', () => {
  it('refuses an unknown key, such as a misspelling', () => {
    expect(refusedField({ pth: '/tmp/x.db' })).toBe('options.pth');
    expect(refusedField({ busyTimeout: 10 })).toBe('options.busyTimeout');
  });

  it('refuses values of the wrong type', () => {
    expect(refusedField('/tmp/x.db')).toBe('options');
    expect(refusedField({ path: 7 })).toBe('path');
    for (const busyTimeoutMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, '10'])
      expect(refusedField({ busyTimeoutMs })).toBe('busyTimeoutMs');
  });

  it('accepts every known option, and none', async () => {
    await createSqliteStore({ path: ':memory:', busyTimeoutMs: 0 }).close();
    await createSqliteStore().close();
  });
});
