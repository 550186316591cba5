import { readSqlFile, withSchema } from '../sql-files.js';

/**
 * One schema change: the file `sql/migrations/<version, 6 digits>.sql`. Versions only grow; a
 * released migration's file never changes (`test/migrations-are-frozen.test.ts` pins each
 * file's sha256): a change is a new migration.
 */
export interface Migration {
  /** Recorded in `<schema>.migrations`. */
  version: number;
  /** What it does, for people reading the table. */
  name: string;
  /**
   * The SQL of its file, given the quoted schema.
   * @throws the file system's error when the file is missing; an Error when `schema` is no quoted schema.
   */
  sql(schema: string): string;
}

/** The migration of `sql/migrations/<version>.sql`, its file read when its SQL is first asked for. */
function migration(version: number, name: string): Migration {
  let text: string | undefined;
  return {
    version,
    name,
    sql: (schema) => {
      text ??= readSqlFile(`migrations/${String(version).padStart(6, '0')}.sql`);
      return withSchema(text, schema);
    },
  };
}

/** Every migration, in order. There is no version 4 (see `sql/migrations/000005.sql`). */
export const MIGRATIONS: readonly Migration[] = [
  migration(1, 'tables, indexes and transition functions'),
  migration(2, 'plain-statement claims, finish and fail; claims re-read work instead of bumping versions'),
  migration(3, 'sessions keep their retention; creating a session deletes retired ones holding no work'),
  migration(5, 'history pages per (machine, process) pair'),
  migration(6, 'bulk writes: create_machines and set_tags_many, one call per batch'),
  migration(7, 'processes engines declared, for opening without a process list'),
  migration(8, 'wake-ups: backoff ends by process; close_session names the processes it released'),
  migration(9, 'bulk writes take tags as machine positions and U+001F-joined names and values'),
  migration(10, 'batched finishes: finish_many, one call per batch'),
  migration(11, 'finish_many in set-based statements instead of a loop per finish'),
  migration(12, 'plpgsql functions plan their statements generically'),
];
