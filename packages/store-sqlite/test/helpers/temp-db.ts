import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory for database files, and a way to remove it. */
export interface TempDir {
  /** A path for a database file inside the directory. */
  file(name?: string): string;
  /** Removes the directory and everything in it. */
  remove(): void;
}

/** Creates a temporary directory for SQLite files (the real file system, never a mock). */
export function tempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-sqlite-'));
  return {
    file: (name = 'tagout.db') => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
