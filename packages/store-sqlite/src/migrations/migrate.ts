import type Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

/**
 * Brings the schema up to date, one step per `BEGIN IMMEDIATE` transaction. The version is
 * re-read under the write lock, so two connections (or processes) migrating one file at
 * once apply each step exactly once.
 * @throws Error when the file was written by a newer version of this package; driver errors.
 */
export function migrate(db: Database.Database): void {
  const readVersion = (): number => db.pragma('user_version', { simple: true }) as number;
  const step = db.transaction((): boolean => {
    const version = readVersion();
    if (version > MIGRATIONS.length) {
      throw new Error(
        `SQLite schema version ${version} is newer than this @tagout/store-sqlite knows (${MIGRATIONS.length})`,
      );
    }
    const next = MIGRATIONS[version];
    if (next === undefined) return false;
    db.exec(next);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  if (readVersion() === MIGRATIONS.length) return;
  while (step.immediate()) {
    // One step per transaction until up to date.
  }
}
