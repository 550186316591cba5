// Writes sql/schema.sql: the schema the migrations make, dumped by pg_dump from a fresh schema on
// the test database (TAGOUT_PG_URL, else postgres or root at 127.0.0.1:5432/test) and normalised.
// Run after adding a migration: `npx -y pnpm@10 --filter @tagout/store-postgres schema:dump`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CANDIDATES, probePostgres } from '../test/helpers/pg-url.js';
import { dumpMigratedSchema, findPgDump, SCHEMA_FILE } from '../test/helpers/schema-dump.js';

const url = await probePostgres();
if (url === undefined) throw new Error(`postgres unreachable at ${CANDIDATES.join(' or ')}`);
const pgDump = await findPgDump(url);
if (pgDump === undefined) throw new Error("no pg_dump of the server's major version: set TAGOUT_PG_DUMP");
writeFileSync(SCHEMA_FILE, await dumpMigratedSchema(url, pgDump));
console.log(`wrote ${fileURLToPath(SCHEMA_FILE)} (${pgDump})`);
