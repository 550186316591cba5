import {
  expectRetiredSessionsDeleted,
  expectWorkOfGoneSessionReaped,
  type RetiredSessionsProbe,
} from '@tagout/conformance';
import pg from 'pg';
import { afterAll, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

describePostgres('create_session deletes retired sessions', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schema = freshSchema('retire');
  afterAll(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });
  const opened = async (): Promise<RetiredSessionsProbe> => {
    const store = createPostgresStore({ pool, schema });
    await store.open();
    return {
      store,
      sessionIds: async () =>
        (await pool.query(`select id from "${schema}".sessions order by id`)).rows.map(
          (row) => row.id as string,
        ),
      deleteSession: async (id) => {
        await pool.query(`delete from "${schema}".sessions where id = $1`, [id]);
      },
    };
  };

  it('deletes a crashed session past its retention; keeps one within it and one holding work', async () => {
    await expectRetiredSessionsDeleted(await opened());
  });

  it('counts work whose session row is gone as expired: a claim by filter reaps it', async () => {
    await expectWorkOfGoneSessionReaped(await opened());
  });
});
