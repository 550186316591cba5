import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres, dropSchema, freshSchema } from '../../store-postgres/test/helpers/postgres.js';
import { tagout } from './support/run-tagout.js';

describePostgres('tagout closes its engine', (url) => {
  const schema = freshSchema('cli');
  const name = `tagout-cli-test-${randomBytes(4).toString('hex')}`;
  const store = `${url}${url.includes('?') ? '&' : '?'}application_name=${name}`;
  const admin = new pg.Client({ connectionString: url });

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.end();
    await dropSchema(url, schema);
  });

  it('so no connection of a finished command is left open', async () => {
    const result = await tagout(['--store', store, '--schema', schema, '--processes', 'A', 'stats']);
    expect(result.code).toBe(0);
    // A backend leaves pg_stat_activity a moment after its client's Terminate: wait for that
    // (bounded), then no connection of the command may be left.
    const open = async () =>
      (
        await admin.query('select count(*)::int as open from pg_stat_activity where application_name = $1', [
          name,
        ])
      ).rows[0].open as number;
    for (let tries = 0; tries < 50 && (await open()) > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await open()).toBe(0);
  });
});
