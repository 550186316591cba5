/**
 * The schema, as a list of steps. Step `i` moves a database from `PRAGMA user_version = i`
 * to `i + 1`. Append steps; never edit one that has shipped.
 *
 * Notes on the shape:
 * - `history` has no foreign key to `machines`: it outlives them.
 * - A work item's fencing token is the `seq` of its `Started` event (AUTOINCREMENT never
 *   reuses a value), so `Started` rows store `token` as NULL and readers use
 *   `coalesce(token, seq)`; every other event stores the token of the work it ends.
 * - `tags_by_name` drives claims by filter: a `has`/`equals`/`older`/`newer` conjunct
 *   walks the machines carrying that tag in machine id order.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE machines (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX machines_by_created ON machines (created_at, id);

  CREATE TABLE tags (
    machine_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (machine_id, name)
  ) WITHOUT ROWID;
  CREATE INDEX tags_by_name ON tags (name, machine_id);

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    component TEXT NOT NULL,
    runtime_info TEXT NOT NULL,
    interval_ms INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE work (
    machine_id TEXT NOT NULL,
    process TEXT NOT NULL,
    session_id TEXT NOT NULL,
    token INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    PRIMARY KEY (machine_id, process)
  ) WITHOUT ROWID;
  CREATE INDEX work_by_session ON work (session_id);

  CREATE TABLE backoffs (
    machine_id TEXT NOT NULL,
    process TEXT NOT NULL,
    until INTEGER NOT NULL,
    cause TEXT NOT NULL,
    last_interval_ms INTEGER NOT NULL,
    PRIMARY KEY (machine_id, process)
  ) WITHOUT ROWID;

  CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    machine_id TEXT NOT NULL,
    process TEXT NOT NULL,
    event TEXT NOT NULL,
    at INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    token INTEGER,
    cause TEXT
  );
  CREATE INDEX history_by_machine ON history (machine_id);
  CREATE INDEX history_by_process ON history (process);
  `,
  // retention_ms: how long the session is kept after its deadline once dead (from core, set by
  // createSession and every heartbeat; existing sessions get the engine's default, 1 h). A session
  // is retired once deadline + retention_ms <= now; createSession deletes retired sessions that
  // hold no work, found through sessions_by_retirement. No foreign key points at sessions: work
  // whose session is gone counts as expired, like any work of a dead session.
  `
  ALTER TABLE sessions ADD COLUMN retention_ms INTEGER NOT NULL DEFAULT 3600000;
  CREATE INDEX sessions_by_retirement ON sessions (deadline + retention_ms);
  `,
  // History pages per pair: history_by_pair (machine_id, process, then the rowid seq that every
  // SQLite index ends with) serves `history({ machineId, process, after | before })` and the
  // "latest event of the pair" check of pruneHistory without a scan, as history_by_machine and
  // history_by_process already do for one machine or one process.
  `
  CREATE INDEX IF NOT EXISTS history_by_pair ON history (machine_id, process);
  `,
  // processes: every process name an engine declared (recordProcesses), with when it was last
  // declared, so operator tools open an engine without a process list ('discover').
  `
  CREATE TABLE processes (
    name TEXT PRIMARY KEY,
    declared_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // backoffs_by_process_until: a claim by filter that finds nothing reports when the earliest
  // active backoff of its process ends (`retryInMs`), in the same transaction: one index seek
  // (process = ?, until > now, the first entry) instead of a scan of every backoff.
  `
  CREATE INDEX IF NOT EXISTS backoffs_by_process_until ON backoffs (process, until);
  `,
];
