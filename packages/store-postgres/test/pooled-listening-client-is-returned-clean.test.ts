import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, dropSchema, freshSchema } from './helpers/postgres.js';

describePostgres('a subscription on a store made from a pool', (url) => {
  const schema = freshSchema('pooled_listen');
  // One connection: every subscription checks out the same client.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  afterAll(async () => {
    await dropSchema(url, schema);
    await pool.end();
  });

  it('gives its client back with the listeners it found: subscribing again and again adds none', async () => {
    const store = createPostgresStore({ pool, schema });
    await store.open();
    const client = await pool.connect();
    const before = {
      error: client.listenerCount('error'),
      notification: client.listenerCount('notification'),
    };
    client.release();

    for (let i = 0; i < 12; i++) {
      const subscription = await store.subscribe(() => {});
      await subscription.close();
    }

    await store.close();
    const again = await pool.connect();
    try {
      expect(again).toBe(client);
      expect({
        error: again.listenerCount('error'),
        notification: again.listenerCount('notification'),
      }).toEqual(before);
    } finally {
      again.release();
    }
  });
});
