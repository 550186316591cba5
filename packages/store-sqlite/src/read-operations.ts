import type {
  Backoff,
  Machine,
  StoreActiveWorkInput,
  StoreBackoffsInput,
  StoreGetMachineInput,
  StoreListMachinesInput,
  StoreStats,
  StoreStatsInput,
  WorkInfo,
} from '@tagout/core';
import type { Connection } from './connection.js';
import { filterSql } from './filters/filter-sql.js';
import {
  type BackoffRow,
  backoffFromRow,
  type MachineTagRow,
  machinesFromRows,
  type WorkRow,
  workFromRow,
} from './rows.js';
import type { SqlFragment, SqlParam } from './sql-fragment.js';

/** Reads run outside any transaction: each is one statement, so it sees one snapshot. */

/** One machine with its tags, or null. */
export function getMachine(c: Connection, input: StoreGetMachineInput): Machine | null {
  return machinesFromRows(c.sql.machineWithTags.all(input.machineId))[0] ?? null;
}

/** Machines passing the filter, ordered by (createdAt, id), at most `limit`. */
export function listMachines(c: Connection, input: StoreListMachinesInput): Machine[] {
  const now = input.now ?? Date.now();
  const where = filterSql(input.filter ?? { kind: 'and', filters: [] }, 'm.id', now);
  const sql = `WITH page AS (
      SELECT m.id, m.created_at FROM machines m WHERE ${where.sql} ORDER BY m.created_at, m.id LIMIT ?)
    SELECT page.id, page.created_at, t.name, t.value, t.updated_at
    FROM page LEFT JOIN tags t ON t.machine_id = page.id ORDER BY page.created_at, page.id`;
  const rows = c.cache.get(sql).all(...where.params, input.limit) as MachineTagRow[];
  return machinesFromRows(rows);
}

/** Backoffs ordered by (machineId, process), at most `limit`; `active` judged at now. */
export function backoffs(c: Connection, input: StoreBackoffsInput): Backoff[] {
  const now = input.now ?? Date.now();
  const where = pairConditions(input, input.activeOnly ? { sql: 'until > ?', params: [now] } : undefined);
  const sql = `SELECT machine_id, process, until, cause, last_interval_ms FROM backoffs
    WHERE ${where.sql} ORDER BY machine_id, process LIMIT ?`;
  const rows = c.cache.get(sql).all(...where.params, input.limit) as BackoffRow[];
  return rows.map((row) => backoffFromRow(row, now));
}

/** Live work only, ordered by token, at most `limit`. */
export function activeWork(c: Connection, input: StoreActiveWorkInput): WorkInfo[] {
  const now = input.now ?? Date.now();
  const where = pairConditions(input, { sql: 's.deadline > ?', params: [now] }, 'w.');
  const sql = `SELECT w.machine_id, w.process, w.session_id, w.token, w.started_at
    FROM work w JOIN sessions s ON s.id = w.session_id WHERE ${where.sql} ORDER BY w.token LIMIT ?`;
  const rows = c.cache.get(sql).all(...where.params, input.limit) as WorkRow[];
  return rows.map(workFromRow);
}

/** `machine_id = ? AND process = ?` for the given parts (`1` for none), plus `extra`. */
export function pairConditions(
  input: { machineId?: string; process?: string },
  extra?: SqlFragment,
  prefix = '',
): SqlFragment {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  if (input.machineId !== undefined) {
    parts.push(`${prefix}machine_id = ?`);
    params.push(input.machineId);
  }
  if (input.process !== undefined) {
    parts.push(`${prefix}process = ?`);
    params.push(input.process);
  }
  if (extra !== undefined) {
    parts.push(extra.sql);
    params.push(...extra.params);
  }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}

/** The rows of the stats statement: one kind of count per row. */
interface StatsRow {
  kind: 'machines' | 'liveWork' | 'activeBackoffs' | 'tags';
  name: string | null;
  n: number;
}

const STATS_SQL = `
  SELECT 'machines' AS kind, NULL AS name, count(*) AS n FROM machines
  UNION ALL
  SELECT 'liveWork', w.process, count(*) FROM work w JOIN sessions s ON s.id = w.session_id
    WHERE s.deadline > @now GROUP BY w.process
  UNION ALL
  SELECT 'activeBackoffs', process, count(*) FROM backoffs WHERE until > @now GROUP BY process
  UNION ALL
  SELECT 'tags', name, count(*) FROM tags GROUP BY name`;

/** Every count of {@link StoreStats} in one statement. */
export function stats(c: Connection, input: StoreStatsInput): StoreStats {
  const now = input.now ?? Date.now();
  const result: StoreStats = { machines: 0, liveWork: {}, activeBackoffs: {}, tags: {} };
  for (const row of c.cache.get(STATS_SQL).all({ now }) as StatsRow[]) {
    if (row.kind === 'machines') result.machines = row.n;
    else if (row.name !== null) result[row.kind][row.name] = row.n;
  }
  return result;
}
