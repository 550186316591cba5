import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { createPostgresStore } from '../../src/index.js';
import { SCHEMA_PLACEHOLDER } from '../../src/sql-files.js';

const run = promisify(execFile);

/** The committed dump of the migrated schema. */
export const SCHEMA_FILE = new URL('../../sql/schema.sql', import.meta.url);

/** The command that writes {@link SCHEMA_FILE} again. */
export const DUMP_COMMAND = 'npx -y pnpm@10 --filter @tagout/store-postgres schema:dump';

const HEADER = `-- The schema the migrations make (sql/migrations/), as pg_dump --schema-only shows it,
-- with ${SCHEMA_PLACEHOLDER} for the schema. Do not edit: change the schema with a new migration,
-- then run \`${DUMP_COMMAND}\`
-- (test/schema-dump-is-current.test.ts makes it again and compares).
`;

/**
 * The pg_dump of the server's major version: `TAGOUT_PG_DUMP` when set, else Debian's
 * `/usr/lib/postgresql/<major>/bin/pg_dump` (where the CI machine has it), else `pg_dump` on the
 * PATH when its major version is the server's (another version writes a different dump).
 * Undefined when there is none.
 */
export async function findPgDump(url: string): Promise<string | undefined> {
  if (process.env.TAGOUT_PG_DUMP) return process.env.TAGOUT_PG_DUMP;
  const major = Math.floor((await serverVersionNum(url)) / 10_000);
  const debian = `/usr/lib/postgresql/${major}/bin/pg_dump`;
  if (existsSync(debian)) return debian;
  const onPath = await run('pg_dump', ['--version']).catch(() => undefined);
  return onPath?.stdout.match(/ (\d+)\./)?.[1] === String(major) ? 'pg_dump' : undefined;
}

async function serverVersionNum(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('show server_version_num');
    return Number(rows[0].server_version_num);
  } finally {
    await client.end();
  }
}

/**
 * Migrates a fresh schema on `url`, dumps it with `pgDump` (`--schema-only --no-owner
 * --no-privileges`), drops it and returns the dump normalised by {@link normaliseDump}.
 * @throws the driver's or pg_dump's error.
 */
export async function dumpMigratedSchema(url: string, pgDump: string): Promise<string> {
  const schema = `schema_dump_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const store = createPostgresStore({ connectionString: url, schema });
  try {
    await store.migrate();
    const args = ['--schema-only', '--no-owner', '--no-privileges', '--schema', schema, '--dbname', url];
    const { stdout } = await run(pgDump, args, { maxBuffer: 64 * 1024 * 1024 });
    return normaliseDump(stdout, schema);
  } finally {
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
  }
}

/**
 * A pg_dump of `schema` as it is committed: the schema's name (quoted or not) replaced by
 * {@link SCHEMA_PLACEHOLDER}; the lines that vary with the pg_dump version, the server or the run
 * left out (the title and version comments, `\restrict` and its random key, `SET` and
 * `set_config` lines); at most one blank line in a row; a header saying how it was made.
 */
export function normaliseDump(dump: string, schema: string): string {
  const noise = /^(\\(un)?restrict .*|SET .*|SELECT pg_catalog\.set_config\(.*|-- Dumped (from|by) .*)$/;
  const body = dump
    .replace(/^--\n-- PostgreSQL database dump( complete)?\n--\n/gm, '')
    .split('\n')
    .filter((line) => !noise.test(line))
    .join('\n')
    .replaceAll(`"${schema}"`, SCHEMA_PLACEHOLDER)
    .replaceAll(schema, SCHEMA_PLACEHOLDER)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return `${HEADER}\n${body}\n`;
}
