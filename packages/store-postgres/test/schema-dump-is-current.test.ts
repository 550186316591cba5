import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describePostgres, PG_URL } from './helpers/postgres.js';
import { DUMP_COMMAND, dumpMigratedSchema, findPgDump, SCHEMA_FILE } from './helpers/schema-dump.js';

const pgDump = PG_URL === undefined ? undefined : await findPgDump(PG_URL);

/**
 * `sql/schema.sql` is the whole schema in one file, so a review sees what a new migration
 * changes. This makes it again from a freshly migrated schema, as `schema:dump` does.
 */
describePostgres('sql/schema.sql', (url) => {
  if (pgDump === undefined) {
    // pg_dump comes with the Postgres server these tests already need: its absence is a failure.
    it('finds pg_dump', () => {
      throw new Error(
        "no pg_dump of the server's major version (apt-get install postgresql-client, or set TAGOUT_PG_DUMP)",
      );
    });
    return;
  }

  it('is the schema the migrations make', async () => {
    const dump = await dumpMigratedSchema(url, pgDump);
    expect(
      dump,
      `sql/schema.sql is not what the migrations make: run \`${DUMP_COMMAND}\`, review the diff ` +
        'below (actual: the migrations; expected: the committed file) and commit it',
    ).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});
