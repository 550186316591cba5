import { ValidationError } from '@tagout/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStoreOptions } from '../src/index.js';

/** The field of the ValidationError `run` throws. */
function refusedField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  throw new Error('accepted');
}

describe('createPostgresStore options', () => {
  // A pool connects only when used: none of these tests reaches a server.
  const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/none' });
  afterAll(() => pool.end());
  const create = (options: unknown) => () => createPostgresStore(options as PostgresStoreOptions);

  it('refuses a schema name that is not a plain lowercase identifier', () => {
    for (const schema of ['Tagout', 'a-b', '1x', 'x"; drop table y; --', '', 'a'.repeat(64), 7])
      expect(refusedField(create({ pool, schema }))).toBe('schema');
  });

  it('refuses neither or both of pool and connectionString', () => {
    expect(refusedField(create({}))).toBe('options');
    expect(refusedField(create(undefined))).toBe('options');
    expect(refusedField(create({ pool, connectionString: 'postgres://127.0.0.1/x' }))).toBe('options');
  });

  it('refuses an unknown key, such as a misspelling', () => {
    expect(refusedField(create({ pool, shema: 'fleet' }))).toBe('options.shema');
    expect(refusedField(create({ pool, timeout: 500 }))).toBe('options.timeout');
  });

  it('refuses values of the wrong type', () => {
    expect(refusedField(create({ pool: {} }))).toBe('pool');
    expect(refusedField(create({ connectionString: 5432 }))).toBe('connectionString');
    expect(refusedField(create({ pool, autoMigrate: 'no' }))).toBe('autoMigrate');
    expect(refusedField(create('postgres://127.0.0.1/x'))).toBe('options');
  });

  it('refuses a timeoutMs that is not a positive duration', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '500'])
      expect(refusedField(create({ pool, timeoutMs }))).toBe('timeoutMs');
  });

  it('accepts every known option', async () => {
    const store = createPostgresStore({ pool, schema: 'fleet_eu', autoMigrate: false, timeoutMs: 500 });
    await store.close();
    await createPostgresStore({ connectionString: 'postgres://127.0.0.1:1/none', timeoutMs: 1 }).close();
  });
});
