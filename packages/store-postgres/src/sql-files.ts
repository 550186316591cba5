import { readFileSync } from 'node:fs';

/**
 * What stands for the schema in the package's `.sql` files (`sql/migrations/`, `sql/statements/`,
 * `sql/schema.sql`): {@link withSchema} puts the quoted schema in its place.
 */
export const SCHEMA_PLACEHOLDER = ':TAGOUT_SCHEMA';

/** A schema name as `quoteSchema` returns it: validated, then double-quoted. */
const QUOTED_SCHEMA = /^"[a-z_][a-z0-9_]*"$/;

/**
 * Reads a file of the package's `sql/` folder, resolved from this module, so it is found from
 * `src/` (tests, tsx) and from `dist/` (the published package, which ships `sql/` beside both).
 * @throws the file system's error when the file is missing.
 */
export function readSqlFile(path: string): string {
  return readFileSync(new URL(`../sql/${path}`, import.meta.url), 'utf8');
}

/**
 * `text` with every {@link SCHEMA_PLACEHOLDER} replaced by `quoted`, a schema quoted by
 * `quoteSchema` (the only identifier tagout puts into SQL text).
 * @throws Error when `quoted` is not a validated, double-quoted schema name.
 */
export function withSchema(text: string, quoted: string): string {
  if (!QUOTED_SCHEMA.test(quoted)) throw new Error(`tagout: ${JSON.stringify(quoted)} is no quoted schema`);
  return text.replaceAll(SCHEMA_PLACEHOLDER, () => quoted);
}
