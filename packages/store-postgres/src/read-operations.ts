/**
 * The store's reads: machines, history, backoffs, sessions, work, stats and the recorded
 * processes. Each is one statement and writes nothing (pruning aside: one batch of deletes),
 * so none signals.
 */
import type * as contract from '@tagout/core';
import {
  type Backoff,
  type HistoryResult,
  historyIdOfSequence,
  type Machine,
  type PruneBatch,
  type RecordedProcess,
  type SessionInfo,
  type StoreStats,
  sequenceOfHistoryId,
  type WorkInfo,
} from '@tagout/core';
import { compileFilterSql } from './filters/filter-sql.js';
import { historyPageSql } from './history-sql.js';
import type { Row } from './pool.js';
import { toBackoff, toHistoryEvent, toMachine, toSessionInfo, toWorkInfo } from './rows.js';
import type { StatementRunner } from './statement-runner.js';

/** One machine with its tags (`sql/statements/get-machine.sql`), or null. */
export async function getMachine(
  db: StatementRunner,
  input: contract.StoreGetMachineInput,
): Promise<Machine | null> {
  const rows = await db.rows(db.sql['get-machine'], [input.machineId]);
  return toMachine(rows[0]);
}

/** Machines passing the filter (compiled to SQL), by (createdAt, id), at most `limit`. */
export async function listMachines(
  db: StatementRunner,
  input: contract.StoreListMachinesInput,
): Promise<Machine[]> {
  const { s } = db;
  const filter = compileFilterSql(input.filter ?? { kind: 'and', filters: [] }, s, 'c.now');
  const rows = await db.rows(
    `select ${s}.machine_json(m.id) as r
       from ${s}.machines m,
            (select ${s}.now_ms($4::float8) as now, $1::text[] as t, $2::jsonb[] as j, $3::float8[] as n) c
      where ${filter.sql}
      order by m.created_at, m.id limit $5::int`,
    [filter.texts, filter.jsons, filter.nums, input.now ?? null, input.limit],
  );
  return rows.map((row) => toMachine(row) as Machine);
}

/** A page of history (see `history-sql.ts`); `bad-cursor` for a cursor that is no sequence number. */
export async function historyPage(
  db: StatementRunner,
  input: contract.StoreHistoryInput,
): Promise<HistoryResult> {
  const after = input.after === undefined ? undefined : sequenceOfHistoryId(input.after);
  const before = input.before === undefined ? undefined : sequenceOfHistoryId(input.before);
  if (input.after !== undefined && after === undefined)
    return { ok: false, reason: 'bad-cursor', cursor: 'after' };
  if (input.before !== undefined && before === undefined)
    return { ok: false, reason: 'bad-cursor', cursor: 'before' };
  const shape = {
    machineId: input.machineId !== undefined,
    process: input.process !== undefined,
    after: after !== undefined,
    before: before !== undefined,
  };
  const values = [input.machineId, input.process, after, before].filter((value) => value !== undefined);
  const rows = await db.prepared(historyPageSql(db.s, shape), [...values, input.limit]);
  return { ok: true, events: rows.map(toHistoryEvent) };
}

/** One batch of `pruneHistory` (`sql/statements/prune-history.sql`). */
export async function pruneHistoryBatch(
  db: StatementRunner,
  input: contract.StorePruneHistoryInput,
): Promise<PruneBatch> {
  const after = input.after === undefined ? 0 : (sequenceOfHistoryId(input.after) ?? 0);
  const rows = await db.prepared(db.sql['prune-history'], [
    input.now ?? null,
    after,
    input.limit,
    input.olderThanMs,
  ]);
  const row = rows[0] as Row;
  const done = row.stopped === true || Number(row.examined) < input.limit || row.last === null;
  return {
    deleted: Number(row.deleted),
    now: Number(row.now),
    next: done ? null : historyIdOfSequence(String(row.last)),
  };
}

/** Backoffs by (machineId, process) (`sql/statements/backoffs.sql`). */
export async function listBackoffs(
  db: StatementRunner,
  input: contract.StoreBackoffsInput,
): Promise<Backoff[]> {
  const rows = await db.rows(db.sql.backoffs, [
    input.machineId ?? null,
    input.process ?? null,
    input.now ?? null,
    input.activeOnly,
    input.limit,
  ]);
  return rows.map(toBackoff);
}

/** Sessions kept (`sql/statements/list-sessions.sql`). */
export async function listSessions(
  db: StatementRunner,
  input: contract.StoreListSessionsInput,
): Promise<SessionInfo[]> {
  const rows = await db.rows(db.sql['list-sessions'], [input.now ?? null, input.aliveOnly, input.limit]);
  return rows.map(toSessionInfo);
}

/** Work items held (`sql/statements/active-work.sql`). */
export async function activeWork(
  db: StatementRunner,
  input: contract.StoreActiveWorkInput,
): Promise<WorkInfo[]> {
  const rows = await db.rows(db.sql['active-work'], [
    input.machineId ?? null,
    input.process ?? null,
    input.now ?? null,
    input.limit,
  ]);
  return rows.map(toWorkInfo);
}

/** Counts for dashboards (`sql/statements/stats.sql`), in one query. */
export async function storeStats(db: StatementRunner, input: contract.StoreStatsInput): Promise<StoreStats> {
  const rows = await db.rows(db.sql.stats, [input.now ?? null]);
  const row = rows[0] ?? {};
  return {
    machines: Number(row.machines ?? 0),
    liveWork: (row.live ?? {}) as Record<string, number>,
    activeBackoffs: (row.backoffs ?? {}) as Record<string, number>,
    tags: (row.tags ?? {}) as Record<string, number>,
  };
}

/** Every process name an engine declared, with when it last did (`sql/statements/known-processes.sql`). */
export async function knownProcesses(db: StatementRunner): Promise<RecordedProcess[]> {
  const rows = await db.rows(db.sql['known-processes'], []);
  return rows.map((row) => ({ name: String(row.name), declaredAt: Number(row.declared_at) }));
}
