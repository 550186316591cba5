import {
  expectRetiredSessionsDeleted,
  expectWorkOfGoneSessionReaped,
  type RetiredSessionsProbe,
} from '@tagout/conformance';
import { it } from 'vitest';
import { describePostgres } from './helpers/postgres.js';
import { storeOnFreshSchema } from './helpers/store-on-fresh-schema.js';

describePostgres('create_session deletes retired sessions', (url) => {
  const { pool, s, store } = storeOnFreshSchema(url, 'retire');
  const probe: RetiredSessionsProbe = {
    store,
    sessionIds: async () =>
      (await pool.query(`select id from ${s}.sessions order by id`)).rows.map((row) => row.id as string),
    deleteSession: async (id) => {
      await pool.query(`delete from ${s}.sessions where id = $1`, [id]);
    },
  };

  it('deletes a crashed session past its retention; keeps one within it and one holding work', async () => {
    await expectRetiredSessionsDeleted(probe);
  });

  it('counts work whose session row is gone as expired: a claim by filter reaps it', async () => {
    await expectWorkOfGoneSessionReaped(probe);
  });
});
