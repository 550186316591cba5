import type * as contract from '@tagout/core';
import {
  type Backoff,
  type ClaimManyResult,
  type ClaimResult,
  type ClearBackoffResult,
  type CreatedSession,
  type EligibilityListener,
  finishSignal,
  type HistoryResult,
  historyIdOfSequence,
  keepListening,
  type LostResult,
  type Machine,
  type PruneBatch,
  type RecordedProcess,
  type SessionInfo,
  type Store,
  type StoreFilter,
  type StoreStats,
  type StoreSubscription,
  StoreSubscriptions,
  sequenceOfHistoryId,
  type WorkInfo,
} from '@tagout/core';
import type pg from 'pg';
import { BULK_CASTS, bulkArgs } from './bulk-args.js';
import { ClaimCursors, type ClaimHand, cursorKey } from './claim-cursor.js';
import { runClaimMany } from './claim-many.js';
import { type ClaimFilterSql, claimFilterSql, FIRST_ID } from './filters/claim-filter-sql.js';
import { type ClaimManySql, claimManySql } from './filters/claim-many-sql.js';
import { compileFilterSql, type FilterSql } from './filters/filter-sql.js';
import { FINISH_MANY_CASTS, finishManyArgs } from './finish-many-args.js';
import { historyPageSql } from './history-sql.js';
import { quoteSchema } from './identifier.js';
import { type ListenSource, openListening } from './listen-connection.js';
import { migrate } from './migrations/migrate.js';
import { notifyChannel } from './notify-channel.js';
import { createOwnedPool, ownedClientConfig } from './owned-pool.js';
import { type PoolLike, queryWithRetry, type Row } from './pool.js';
import { PreparedShapes } from './prepared-shapes.js';
import {
  toBackoff,
  toClaimedWork,
  toHistoryEvent,
  toMachine,
  toNothingEligible,
  toSessionInfo,
  toWorkInfo,
} from './rows.js';
import { SignalSender } from './signal-sender.js';
import { statementName } from './statement-name.js';
import { type Statements, statementsFor } from './statements.js';
import { checkPostgresStoreOptions, type PostgresStoreOptions } from './store-options.js';

/** The Postgres store: the {@link Store} contract plus explicit migrations. */
export interface PostgresStore extends Store {
  /** Applies missing migrations (advisory-locked; a no-op when up to date). @throws the driver's error. */
  migrate(): Promise<void>;
  /** Counts for dashboards, in one query. */
  stats(input: contract.StoreStatsInput): Promise<StoreStats>;
  /** Listens on the schema's channel (see `Store.subscribe`); always present on this store. */
  subscribe(listener: EligibilityListener): Promise<StoreSubscription>;
}

/**
 * Creates a store on PostgreSQL. Each transition is one prepared statement, one round trip: a
 * call of a function the migrations created in `schema`, or, for a claim by filter, a finish and
 * a fail, a plain statement (built from the filter's shape for a claim); finish and fail call
 * their function as a second statement only when the first wrote nothing (a backoff to clear,
 * a deadline to read again). Time is the database's clock unless `now` is passed. Transitions
 * that may make work eligible are signalled on the schema's `LISTEN` channel after they commit
 * (see `SignalSender`); `subscribe` listens on a connection of its own (see `ListenSource`).
 * @throws ValidationError for an unknown option key, a schema name that is not a plain lowercase
 * identifier, neither or both of `pool` and `connectionString`, or a bad `timeoutMs`.
 */
export function createPostgresStore(options: PostgresStoreOptions = {}): PostgresStore {
  return new PgStore(options);
}

type Json = Record<string, unknown>;

const FINISHED = Object.freeze({ ok: true } as const);

/**
 * Runs of a claim by filter whose locked candidate changed since the statement's snapshot,
 * before it gives up (each run is on a fresh snapshot, which sees the claim it raced with, so a
 * second one is already rare).
 */
const CLAIM_ATTEMPTS = 20;
/** Filters whose claim statement a store remembers (past this the memo restarts). */
const REMEMBERED_FILTERS = 1000;

/**
 * Parameters `$1`–`$7` of a claim statement by filter (see filters/claim-filter-sql.ts), and `fast`
 * (`$9`): whether the blockers are the process alone.
 */
function claimParams(
  q: FilterSql,
  input: { sessionId: string; process: string; blockers: readonly string[]; now?: number },
): { values: unknown[]; fast: boolean } {
  return {
    values: [q.texts, q.jsons, q.nums, input.now ?? null, input.process, input.blockers, input.sessionId],
    fast: input.blockers.length === 1 && input.blockers[0] === input.process,
  };
}

/** The statement of `filter` from `memo` (keyed by the filter, values included), built once. */
function remembered<T>(memo: Map<string, T>, filter: StoreFilter, build: () => T): T {
  const key = JSON.stringify(filter);
  let q = memo.get(key);
  if (q === undefined) {
    if (memo.size >= REMEMBERED_FILTERS) memo.clear();
    q = build();
    memo.set(key, q);
  }
  return q;
}

class PgStore implements PostgresStore {
  readonly #pool: PoolLike;
  readonly #owned: pg.Pool | undefined;
  readonly #schemaName: string;
  readonly #s: string;
  readonly #autoMigrate: boolean;
  readonly #timeoutMs: number;
  readonly #claimSqls = new Map<string, ClaimFilterSql>();
  readonly #claimManySqls = new Map<string, ClaimManySql>();
  readonly #claimShapes = new PreparedShapes();
  readonly #cursors = new ClaimCursors(REMEMBERED_FILTERS);
  /** The fixed statements (`sql/statements/`) on this store's schema. */
  readonly #sql: Statements;
  readonly #channel: string;
  readonly #signals: SignalSender;
  readonly #listenSource: ListenSource;
  readonly #subscriptions = new StoreSubscriptions();
  #opening: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: PostgresStoreOptions) {
    const checked = checkPostgresStoreOptions(options);
    this.#schemaName = checked.schema;
    this.#s = quoteSchema(checked.schema);
    this.#autoMigrate = checked.autoMigrate;
    this.#timeoutMs = checked.timeoutMs;
    this.#sql = statementsFor(this.#s);
    if (checked.pool !== undefined) {
      this.#pool = checked.pool;
      this.#listenSource = { pool: checked.pool };
    } else {
      const connectionString = checked.connectionString ?? '';
      this.#owned = createOwnedPool(connectionString, checked.timeoutMs);
      this.#pool = this.#owned;
      this.#listenSource = { config: ownedClientConfig(connectionString, checked.timeoutMs) };
    }
    this.#channel = notifyChannel(checked.schema);
    this.#signals = new SignalSender(this.#pool, this.#channel, checked.timeoutMs);
  }

  migrate(): Promise<void> {
    return migrate(this.#pool, this.#schemaName, this.#s);
  }

  open(): Promise<void> {
    if (!this.#autoMigrate) return Promise.resolve();
    this.#opening ??= this.migrate().catch((error: unknown) => {
      this.#opening = undefined;
      throw error;
    });
    return this.#opening;
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  /** Ends the subscriptions, sends the signals still pending, then ends the pool tagout created. */
  async #shutDown(): Promise<void> {
    await this.#subscriptions.closeAll();
    await this.#signals.idle();
    await this.#owned?.end();
  }

  /**
   * Listens on the schema's channel on a connection of its own (one per store, shared by its
   * subscriptions): a `pg.Client` made from the connection string, or a client checked out of the
   * handed-in pool while anything is subscribed. Reconnects (capped backoff) when that connection
   * breaks, then calls `listener(null)`.
   * @throws the driver's error when it cannot listen at first; an Error after `close()`.
   */
  subscribe(listener: EligibilityListener): Promise<StoreSubscription> {
    return this.#subscriptions.open(listener, (fanOut) =>
      keepListening(fanOut, {
        listen: (events) => openListening(this.#listenSource, this.#channel, this.#timeoutMs, events),
      }),
    );
  }

  /** Returns `result`, having raised a signal for `processes` (null: anything) when it is ok. */
  #signalIfOk<T extends { ok: boolean }>(result: T, processes: readonly string[] | null): T {
    if (result.ok) this.#signals.raise(processes);
    return result;
  }

  /** Calls `<schema>.<fn>(...)` (one round trip, a prepared statement) and returns its jsonb result. */
  async #fn<T = Json>(fn: string, args: unknown[], casts: string[]): Promise<T> {
    const params = casts.map((cast, i) => `$${i + 1}::${cast}`).join(', ');
    const rows = await this.#prepared(`select ${this.#s}.${fn}(${params}) as r`, args);
    return rows[0]?.r as T;
  }

  /** Runs a fixed statement prepared by name: parsed and planned once per connection. */
  #prepared(text: string, values: unknown[]): Promise<Row[]> {
    return this.#query(statementName(text), text, values);
  }

  /** Runs a statement, named (prepared) when `name` is given, bounded by the store's timeout. */
  #query(name: string | undefined, text: string, values: unknown[]): Promise<Row[]> {
    const query = { text, values, query_timeout: this.#timeoutMs };
    return queryWithRetry(this.#pool, name === undefined ? query : { name, ...query });
  }

  /** The claim statement of a filter, built once per filter (the key includes its values). */
  #claimSql(filter: StoreFilter): ClaimFilterSql {
    return remembered(this.#claimSqls, filter, () => claimFilterSql(filter, this.#s));
  }

  /**
   * A claim by filter: its one statement, walking from the cursor of its process and filter (see
   * `ClaimCursors`), then once more from the first id when nothing was free after it; again (see
   * `ClaimHand.start`) while the locked candidate turns out changed or claimed since the
   * statement's snapshot.
   */
  async #claimFilter(input: contract.StoreClaimInput, filter: StoreFilter): Promise<ClaimResult> {
    const q = this.#claimSql(filter);
    const { values, fast } = claimParams(q, input);
    const name = this.#claimShapes.nameOf(q.text);
    const run = (start: string) => this.#query(name, q.text, [...values, start, fast]);
    return this.#withHand(input.process, filter, async (hand) => {
      let expiredBefore = false;
      for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
        let rows = await run(hand.start(attempt));
        if (rows[0]?.alive === true && rows[0].id === null) rows = await run(FIRST_ID);
        const row = rows[0] ?? {};
        if (row.alive !== true) {
          // A snapshot can miss a heartbeat that committed a moment before: ask a fresh one.
          if (expiredBefore) return { ok: false, reason: 'session-expired' };
          expiredBefore = true;
          continue;
        }
        if (row.id === null) {
          hand.foundNothing();
          return toNothingEligible(row);
        }
        if (row.token !== null) {
          hand.tookLast(String(row.id));
          return { ok: true, work: toClaimedWork(rows) };
        }
      }
      throw new Error(
        `claim by filter: the candidate changed under the lock in ${CLAIM_ATTEMPTS} attempts in a row`,
      );
    });
  }

  /** Runs `claim` with a hand of the cursor of `process` and `filter` (see `ClaimCursors`), then gives it back. */
  async #withHand<T>(
    process: string,
    filter: StoreFilter,
    claim: (hand: ClaimHand) => Promise<T>,
  ): Promise<T> {
    const hand = this.#cursors.lease(cursorKey(process, JSON.stringify(filter)));
    try {
      return await claim(hand);
    } finally {
      hand.release();
    }
  }

  /**
   * A batched claim: one statement (filters/claim-many-sql.ts), walking from the cursor of its
   * process and filter (see `ClaimCursors`) and wrapping around; run again only when it wrote
   * nothing because what it locked had changed since its snapshot, or the session looked dead
   * (see claim-many.ts).
   */
  claimMany(input: contract.StoreClaimManyInput): Promise<ClaimManyResult> {
    const q = remembered(this.#claimManySqls, input.filter, () => claimManySql(input.filter, this.#s));
    const { values, fast } = claimParams(q, input);
    const name = this.#claimShapes.nameOf(q.text);
    return this.#withHand(input.process, input.filter, (hand) =>
      runClaimMany(
        (start, limit) => this.#query(name, q.text, [...values, start, fast, limit]),
        input.limit,
        CLAIM_ATTEMPTS,
        hand,
      ),
    );
  }

  async createSession(input: contract.StoreCreateSessionInput): Promise<CreatedSession> {
    const r = await this.#fn<CreatedSession>(
      'create_session',
      [input.id, input.component, input.runtimeInfo, input.intervalMs, input.retentionMs, input.now ?? null],
      ['uuid', 'text', 'text', 'float8', 'float8', 'float8'],
    );
    return { createdAt: r.createdAt, deadline: r.deadline };
  }

  heartbeat(input: contract.StoreHeartbeatInput) {
    return this.#fn<{ ok: true; deadline: number } | { ok: false; reason: 'session-expired' }>(
      'heartbeat',
      [input.sessionId, input.retentionMs, input.now ?? null],
      ['uuid', 'float8', 'float8'],
    );
  }

  /** `close_session`; the processes it released (null before migration 8: anything) are signalled. */
  async closeSession(input: contract.StoreCloseSessionInput): Promise<{ released: number }> {
    const r = await this.#fn<{ released: number; processes?: string[] }>(
      'close_session',
      [input.sessionId, input.now ?? null],
      ['uuid', 'float8'],
    );
    if (r.released > 0) this.#signals.raise(r.processes ?? null);
    return { released: r.released };
  }

  claim(input: contract.StoreClaimInput): Promise<ClaimResult> {
    const now = input.now ?? null;
    if ('machineId' in input.target) {
      return this.#fn(
        'claim_id',
        [input.sessionId, input.target.machineId, input.process, input.blockers, now],
        ['uuid', 'uuid', 'text', 'text[]', 'float8'],
      );
    }
    return this.#claimFilter(input, input.target.filter);
  }

  /**
   * The plain statement `sql/statements/finish.sql` (no tags to write) or `finish-with-tags.sql`,
   * which settles the common case; the `finish` function when that statement found a backoff to
   * clear or the session looking expired.
   */
  async finish(input: contract.StoreFinishInput): Promise<{ ok: true } | LostResult> {
    const { sessionId, machineId, process, token, deleteTags } = input;
    const names = Object.keys(input.setTags);
    const values = Object.values(input.setTags);
    const now = input.now ?? null;
    const wroteTags = names.length > 0 || deleteTags.length > 0;
    const signal = wroteTags ? null : [process];
    const rows = wroteTags
      ? await this.#prepared(this.#sql['finish-with-tags'], [
          sessionId,
          machineId,
          process,
          token,
          names,
          values,
          deleteTags,
          now,
        ])
      : await this.#prepared(this.#sql.finish, [sessionId, machineId, process, token, now]);
    const row = rows[0] ?? {};
    if (row.ended === true) return this.#signalIfOk({ ok: true }, signal);
    if (row.simple === true) return { ok: false, reason: 'lost' };
    const result = await this.#fn<{ ok: true } | LostResult>(
      'finish',
      [sessionId, machineId, process, token, names, values, deleteTags, now],
      ['uuid', 'uuid', 'text', 'int8', 'text[]', 'text[]', 'text[]', 'float8'],
    );
    return this.#signalIfOk(result, signal);
  }

  /**
   * One call of `finish_many` (migrations 10, 11): the finishes in input order, one transaction; one
   * signal for those that were applied.
   */
  async finishMany(input: contract.StoreFinishManyInput): Promise<({ ok: true } | LostResult)[]> {
    const words = await this.#fn<string[]>(
      'finish_many',
      finishManyArgs(input.finishes, input.now),
      FINISH_MANY_CASTS,
    );
    const results = words.map((word): { ok: true } | LostResult => {
      if (word === 'ok') return FINISHED;
      if (word === 'lost' || word === 'session-expired') return { ok: false, reason: word };
      throw new TypeError(`tagout: unexpected finish_many outcome ${JSON.stringify(word)}`);
    });
    const applied = input.finishes.filter((_, i) => results[i]?.ok === true);
    if (applied.length > 0) this.#signals.raise(finishSignal(applied));
    return results;
  }

  /**
   * The plain statement `sql/statements/fail.sql`; the `fail` function when that statement found the
   * session looking expired.
   */
  async fail(input: contract.StoreFailInput): Promise<{ ok: true; until: number } | LostResult> {
    const args = [
      input.sessionId,
      input.machineId,
      input.process,
      input.token,
      input.cause,
      input.intervalMs,
      input.delayMs,
      input.now ?? null,
    ];
    const row = (await this.#prepared(this.#sql.fail, args))[0] ?? {};
    if (row.alive !== true) {
      // The function answers with the whole backoff (its SQL is frozen): only its `until` is kept.
      const result = await this.#fn<{ ok: true; backoff: { until: number } } | LostResult>('fail', args, [
        ...['uuid', 'uuid', 'text', 'int8', 'text'],
        ...['float8', 'float8', 'float8'],
      ]);
      return this.#signalIfOk(result.ok ? { ok: true, until: result.backoff.until } : result, [
        input.process,
      ]);
    }
    if (row.ended !== true) return { ok: false, reason: 'lost' };
    this.#signals.raise([input.process]);
    return { ok: true, until: Number(row.now) + input.delayMs };
  }

  async cancel(
    input: contract.StoreCancelInput,
  ): Promise<{ ok: true; event: 'Canceled' | 'Expired' } | { ok: false; reason: 'lost' }> {
    const result = await this.#fn<
      { ok: true; event: 'Canceled' | 'Expired' } | { ok: false; reason: 'lost' }
    >(
      'cancel',
      [input.sessionId, input.machineId, input.process, input.token, input.now ?? null],
      ['uuid', 'uuid', 'text', 'int8', 'float8'],
    );
    return this.#signalIfOk(result, [input.process]);
  }

  async clearBackoff(input: contract.StoreClearBackoffInput): Promise<ClearBackoffResult> {
    const rows = await this.#rows(this.#sql['clear-backoff'], [
      input.machineId,
      input.process,
      input.now ?? null,
      input.resetInterval,
      input.reason,
    ]);
    const row = rows[0] ?? {};
    if (row.found !== true) return { ok: false, reason: 'not-found' };
    if (row.changed === true) this.#signals.raise([input.process]);
    return { ok: true, active: row.active === true };
  }

  async createMachine(
    input: contract.StoreCreateMachineInput,
  ): Promise<{ ok: true; createdAt: number } | { ok: false; reason: 'exists' }> {
    // The function answers with the whole machine (its SQL is frozen): only its `createdAt` is kept.
    const result = await this.#fn<
      { ok: true; machine: { createdAt: number } } | { ok: false; reason: 'exists' }
    >(
      'create_machine',
      [input.id, Object.keys(input.tags), Object.values(input.tags), input.now ?? null],
      ['uuid', 'text[]', 'text[]', 'float8'],
    );
    return this.#signalIfOk(result.ok ? { ok: true, createdAt: result.machine.createdAt } : result, null);
  }

  async setTags(
    input: contract.StoreSetTagsInput,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    const result = await this.#fn<{ ok: true } | { ok: false; reason: 'not-found' }>(
      'set_tags',
      [input.machineId, Object.keys(input.tags), Object.values(input.tags), input.now ?? null],
      ['uuid', 'text[]', 'text[]', 'float8'],
    );
    return this.#signalIfOk(result, null);
  }

  /** One call of `create_machines` (migration 6). */
  async createMachines(input: contract.StoreCreateMachinesInput) {
    const args = bulkArgs(
      input.machines.map((m) => [m.id, m.tags] as const),
      input.now,
    );
    const result = await this.#fn<
      { ok: true; createdAt: number } | { ok: false; reason: 'exists'; machineId: string }
    >('create_machines', args, BULK_CASTS);
    return this.#signalIfOk(result, null);
  }

  /** One call of `set_tags_many` (migration 6). */
  async setTagsMany(input: contract.StoreSetTagsManyInput) {
    const args = bulkArgs(
      input.machines.map((m) => [m.machineId, m.tags] as const),
      input.now,
    );
    const result = await this.#fn<{ ok: true } | { ok: false; reason: 'not-found'; machineId: string }>(
      'set_tags_many',
      args,
      BULK_CASTS,
    );
    return this.#signalIfOk(result, null);
  }

  async deleteTags(
    input: contract.StoreDeleteTagsInput,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    const result = await this.#fn<{ ok: true } | { ok: false; reason: 'not-found' }>(
      'delete_tags',
      [input.machineId, input.names],
      ['uuid', 'text[]'],
    );
    return this.#signalIfOk(result, null);
  }

  deleteMachine(
    input: contract.StoreDeleteMachineInput,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'busy'; process?: string }> {
    return this.#fn('delete_machine', [input.machineId, input.now ?? null], ['uuid', 'float8']);
  }

  async getMachine(input: contract.StoreGetMachineInput): Promise<Machine | null> {
    const rows = await this.#rows(this.#sql['get-machine'], [input.machineId]);
    return toMachine(rows[0]);
  }

  async listMachines(input: contract.StoreListMachinesInput): Promise<Machine[]> {
    const s = this.#s;
    const filter = compileFilterSql(input.filter ?? { kind: 'and', filters: [] }, s, 'c.now');
    const rows = await this.#rows(
      `select ${s}.machine_json(m.id) as r
         from ${s}.machines m,
              (select ${s}.now_ms($4::float8) as now, $1::text[] as t, $2::jsonb[] as j, $3::float8[] as n) c
        where ${filter.sql}
        order by m.created_at, m.id limit $5::int`,
      [filter.texts, filter.jsons, filter.nums, input.now ?? null, input.limit],
    );
    return rows.map((row) => toMachine(row) as Machine);
  }

  async history(input: contract.StoreHistoryInput): Promise<HistoryResult> {
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
    const rows = await this.#prepared(historyPageSql(this.#s, shape), [...values, input.limit]);
    return { ok: true, events: rows.map(toHistoryEvent) };
  }

  async pruneHistory(input: contract.StorePruneHistoryInput): Promise<PruneBatch> {
    const after = input.after === undefined ? 0 : (sequenceOfHistoryId(input.after) ?? 0);
    const rows = await this.#prepared(this.#sql['prune-history'], [
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

  async backoffs(input: contract.StoreBackoffsInput): Promise<Backoff[]> {
    const rows = await this.#rows(this.#sql.backoffs, [
      input.machineId ?? null,
      input.process ?? null,
      input.now ?? null,
      input.activeOnly,
      input.limit,
    ]);
    return rows.map(toBackoff);
  }

  async listSessions(input: contract.StoreListSessionsInput): Promise<SessionInfo[]> {
    const rows = await this.#rows(this.#sql['list-sessions'], [
      input.now ?? null,
      input.aliveOnly,
      input.limit,
    ]);
    return rows.map(toSessionInfo);
  }

  async activeWork(input: contract.StoreActiveWorkInput): Promise<WorkInfo[]> {
    const rows = await this.#rows(this.#sql['active-work'], [
      input.machineId ?? null,
      input.process ?? null,
      input.now ?? null,
      input.limit,
    ]);
    return rows.map(toWorkInfo);
  }

  async stats(input: contract.StoreStatsInput): Promise<StoreStats> {
    const rows = await this.#rows(this.#sql.stats, [input.now ?? null]);
    const row = rows[0] ?? {};
    return {
      machines: Number(row.machines ?? 0),
      liveWork: (row.live ?? {}) as Record<string, number>,
      activeBackoffs: (row.backoffs ?? {}) as Record<string, number>,
      tags: (row.tags ?? {}) as Record<string, number>,
    };
  }

  async recordProcesses(input: contract.StoreRecordProcessesInput): Promise<void> {
    await this.#rows(this.#sql['record-processes'], [input.names, input.now ?? null]);
  }

  async knownProcesses(): Promise<RecordedProcess[]> {
    const rows = await this.#rows(this.#sql['known-processes'], []);
    return rows.map((row) => ({ name: String(row.name), declaredAt: Number(row.declared_at) }));
  }

  /** Runs a statement unnamed (reads whose text varies with a filter, or that are rare). */
  #rows(text: string, values: unknown[]): Promise<Row[]> {
    return this.#query(undefined, text, values);
  }
}
