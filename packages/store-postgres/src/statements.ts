import { readSqlFile, withSchema } from './sql-files.js';

/**
 * The store's statements whose text is fixed (no filter in them), one file each in
 * `sql/statements/`, read once when this module loads. A file is a header of `--` lines (what
 * the statement does, its parameters and rows), then the statement: the header is not sent, so
 * a statement's text (and its prepared-statement name) is the same however its header reads.
 */
const FILES = [
  'active-work',
  'backoffs',
  'clear-backoff',
  'fail',
  'finish',
  'finish-with-tags',
  'get-machine',
  'known-processes',
  'list-sessions',
  'prune-history',
  'record-processes',
  'stats',
] as const;

/** The name of a statement file, `sql/statements/<name>.sql`. */
export type StatementName = (typeof FILES)[number];

/** The text of the statement in `sql/statements/<name>.sql`: its header of `--` lines and the last newline left out. */
function statementText(name: StatementName): string {
  return readSqlFile(`statements/${name}.sql`)
    .replace(/^(--[^\n]*\n)*/, '')
    .replace(/\n$/, '');
}

const TEXTS = new Map(FILES.map((name) => [name, statementText(name)]));

/** Every fixed statement, on one schema. */
export type Statements = Readonly<Record<StatementName, string>>;

/**
 * The fixed statements with `quoted` (a schema quoted by `quoteSchema`) in place of the schema.
 * @throws Error when `quoted` is not a quoted schema name.
 */
export function statementsFor(quoted: string): Statements {
  return Object.fromEntries(
    FILES.map((name) => [name, withSchema(TEXTS.get(name) ?? '', quoted)]),
  ) as Statements;
}
