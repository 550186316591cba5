import type Database from 'better-sqlite3';

/**
 * Every row of every table (`sqlite_sequence` included: the token counter), each row as JSON,
 * sorted, by table name: two dumps are equal exactly when the database holds the same rows.
 */
export function dumpTables(db: Database.Database): Record<string, string[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  return Object.fromEntries(
    (tables as string[]).map((table) => [
      table,
      db
        .prepare(`SELECT * FROM "${table}"`)
        .all()
        .map((row) => JSON.stringify(row))
        .sort(),
    ]),
  );
}
