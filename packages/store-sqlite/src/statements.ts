import type Database from 'better-sqlite3';
import type { BackoffRow, MachineTagRow } from './rows.js';

/** `machine_id, process, event, at, session_id, token, cause`. */
type EventParams = [string, string, string, number, string, number | null, string | null];

/** The fixed statements of the store, prepared once per connection. */
export interface Statements {
  sessionDeadline: Database.Statement<[string], number>;
  insertSession: Database.Statement<[string, string, string, number, number, number, number]>;
  extendSession: Database.Statement<[number, number, string, number], number>;
  deleteRetiredSessions: Database.Statement<[number]>;
  deleteSession: Database.Statement<[string]>;
  deleteSessionWork: Database.Statement<[string], { machine_id: string; process: string; token: number }>;

  machineExists: Database.Statement<[string], number>;
  insertMachine: Database.Statement<[string, number]>;
  deleteMachine: Database.Statement<[string]>;
  machineWithTags: Database.Statement<[string], MachineTagRow>;
  upsertTag: Database.Statement<[string, string, string, number]>;
  deleteTag: Database.Statement<[string, string]>;
  deleteMachineTags: Database.Statement<[string]>;

  liveWorkOnMachine: Database.Statement<[string, number], string>;
  deletePairWork: Database.Statement<[string, string], { session_id: string; token: number }>;
  deleteHeldWork: Database.Statement<[string, string, number, string]>;
  deleteMachineWork: Database.Statement<[string], { process: string; session_id: string; token: number }>;
  insertWork: Database.Statement<[string, string, string, number, number]>;

  pairBackoff: Database.Statement<[string, string], BackoffRow>;
  pairLastInterval: Database.Statement<[string, string], number>;
  upsertBackoff: Database.Statement<[string, string, number, string, number]>;
  deletePairBackoff: Database.Statement<[string, string]>;
  endPairBackoff: Database.Statement<[number, string, string]>;
  deleteMachineBackoffs: Database.Statement<[string]>;
  earliestBackoffEnd: Database.Statement<[string, number], number | null>;

  insertEvent: Database.Statement<EventParams>;
  insertStarted: Database.Statement<[string, string, number, string], number>;
}

/**
 * Prepares the fixed statements on a migrated connection.
 * @throws the driver's error if the schema does not match.
 */
export function prepareStatements(db: Database.Database): Statements {
  const pluck = <P extends unknown[], R>(sql: string) => db.prepare<P, R>(sql).pluck();
  return {
    sessionDeadline: pluck('SELECT deadline FROM sessions WHERE id = ?'),
    insertSession: db.prepare(
      `INSERT INTO sessions (id, component, runtime_info, interval_ms, retention_ms, created_at, deadline)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    extendSession: pluck(
      `UPDATE sessions SET deadline = ? + interval_ms, retention_ms = ?
       WHERE id = ? AND deadline > ? RETURNING deadline`,
    ),
    // At most 100 retired sessions holding no work, oldest retirement first.
    deleteRetiredSessions: db.prepare(
      `DELETE FROM sessions WHERE id IN (
         SELECT s.id FROM sessions s
         WHERE s.deadline + s.retention_ms <= ?
           AND NOT EXISTS (SELECT 1 FROM work w WHERE w.session_id = s.id)
         ORDER BY s.deadline + s.retention_ms LIMIT 100)`,
    ),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id = ?'),
    deleteSessionWork: db.prepare(
      'DELETE FROM work WHERE session_id = ? RETURNING machine_id, process, token',
    ),

    machineExists: pluck('SELECT 1 FROM machines WHERE id = ?'),
    insertMachine: db.prepare('INSERT INTO machines (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    deleteMachine: db.prepare('DELETE FROM machines WHERE id = ?'),
    machineWithTags: db.prepare(
      `SELECT m.id, m.created_at, t.name, t.value, t.updated_at
       FROM machines m LEFT JOIN tags t ON t.machine_id = m.id WHERE m.id = ?`,
    ),
    upsertTag: db.prepare(
      `INSERT INTO tags (machine_id, name, value, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (machine_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
    deleteTag: db.prepare('DELETE FROM tags WHERE machine_id = ? AND name = ?'),
    deleteMachineTags: db.prepare('DELETE FROM tags WHERE machine_id = ?'),

    liveWorkOnMachine: pluck(
      `SELECT w.process FROM work w JOIN sessions s ON s.id = w.session_id
       WHERE w.machine_id = ? AND s.deadline > ? ORDER BY w.process LIMIT 1`,
    ),
    deletePairWork: db.prepare(
      'DELETE FROM work WHERE machine_id = ? AND process = ? RETURNING session_id, token',
    ),
    deleteHeldWork: db.prepare(
      'DELETE FROM work WHERE machine_id = ? AND process = ? AND token = ? AND session_id = ?',
    ),
    deleteMachineWork: db.prepare(
      'DELETE FROM work WHERE machine_id = ? RETURNING process, session_id, token',
    ),
    insertWork: db.prepare(
      'INSERT INTO work (machine_id, process, session_id, token, started_at) VALUES (?, ?, ?, ?, ?)',
    ),

    pairBackoff: db.prepare(
      `SELECT machine_id, process, until, cause, last_interval_ms FROM backoffs
       WHERE machine_id = ? AND process = ?`,
    ),
    pairLastInterval: pluck('SELECT last_interval_ms FROM backoffs WHERE machine_id = ? AND process = ?'),
    upsertBackoff: db.prepare(
      `INSERT INTO backoffs (machine_id, process, until, cause, last_interval_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (machine_id, process) DO UPDATE
       SET until = excluded.until, cause = excluded.cause, last_interval_ms = excluded.last_interval_ms`,
    ),
    deletePairBackoff: db.prepare('DELETE FROM backoffs WHERE machine_id = ? AND process = ?'),
    endPairBackoff: db.prepare('UPDATE backoffs SET until = ? WHERE machine_id = ? AND process = ?'),
    deleteMachineBackoffs: db.prepare('DELETE FROM backoffs WHERE machine_id = ?'),
    // The end of the earliest active backoff of a process, through backoffs_by_process_until.
    earliestBackoffEnd: pluck('SELECT min(until) FROM backoffs WHERE process = ? AND until > ?'),

    insertEvent: db.prepare(
      `INSERT INTO history (machine_id, process, event, at, session_id, token, cause)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertStarted: pluck(
      `INSERT INTO history (machine_id, process, event, at, session_id, token, cause)
       VALUES (?, ?, 'Started', ?, ?, NULL, NULL) RETURNING seq`,
    ),
  };
}
