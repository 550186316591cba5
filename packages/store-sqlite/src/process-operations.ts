import type { RecordedProcess, StoreRecordProcessesInput } from '@tagout/core';
import type { Connection } from './connection.js';

const RECORD_SQL = `INSERT INTO processes (name, declared_at) VALUES (?, ?)
  ON CONFLICT (name) DO UPDATE SET declared_at = excluded.declared_at`;

const KNOWN_SQL = 'SELECT name, declared_at AS declaredAt FROM processes ORDER BY name';

/** Upserts each name with `declared_at = now`, in one transaction; other names stay. */
export function recordProcesses(c: Connection, input: StoreRecordProcessesInput): void {
  c.write(() => {
    const now = input.now ?? Date.now();
    const statement = c.cache.get(RECORD_SQL);
    for (const name of input.names) statement.run(name, now);
  });
}

/** Every recorded process, sorted by name (BINARY collation: code-unit order for ASCII names). */
export function knownProcesses(c: Connection): RecordedProcess[] {
  return c.cache.get(KNOWN_SQL).all() as RecordedProcess[];
}
