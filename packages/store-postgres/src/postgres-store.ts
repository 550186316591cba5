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
  keepListening,
  type LostResult,
  type Machine,
  type PruneBatch,
  type RecordedProcess,
  type SessionInfo,
  type Store,
  type StoreStats,
  type StoreSubscription,
  StoreSubscriptions,
  type WorkInfo,
} from '@tagout/core';
import type pg from 'pg';
import { BULK_CASTS, bulkArgs } from './bulk-args.js';
import { FilterClaims } from './filter-claims.js';
import { FINISH_MANY_CASTS, finishManyArgs } from './finish-many-args.js';
import { quoteSchema } from './identifier.js';
import { type ListenSource, openListening } from './listen-connection.js';
import { migrate } from './migrations/migrate.js';
import { notifyChannel } from './notify-channel.js';
import { createOwnedPool, ownedClientConfig } from './owned-pool.js';
import { type PoolLike, queryWithRetry, type Row } from './pool.js';
import * as reads from './read-operations.js';
import { SignalSender } from './signal-sender.js';
import { statementName } from './statement-name.js';
import type { StatementRunner } from './statement-runner.js';
import { statementsFor } from './statements.js';
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

class PgStore implements PostgresStore {
  readonly #pool: PoolLike;
  readonly #owned: pg.Pool | undefined;
  readonly #schemaName: string;
  readonly #s: string;
  readonly #autoMigrate: boolean;
  readonly #timeoutMs: number;
  /** How operations run statements: on this store's pool and schema, bounded by its timeout. */
  readonly #db: StatementRunner;
  readonly #filterClaims: FilterClaims;
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
    this.#db = {
      s: this.#s,
      sql: statementsFor(this.#s),
      prepared: (text, values) => this.#query(statementName(text), text, values),
      rows: (text, values) => this.#query(undefined, text, values),
      query: (name, text, values) => this.#query(name, text, values),
    };
    this.#filterClaims = new FilterClaims(this.#db);
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
    const rows = await this.#db.prepared(`select ${this.#s}.${fn}(${params}) as r`, args);
    return rows[0]?.r as T;
  }

  /** Runs a statement, named (prepared) when `name` is given, bounded by the store's timeout. */
  #query(name: string | undefined, text: string, values: unknown[]): Promise<Row[]> {
    const query = { text, values, query_timeout: this.#timeoutMs };
    return queryWithRetry(this.#pool, name === undefined ? query : { name, ...query });
  }

  /** A batched claim by filter: see `FilterClaims.claimMany`. */
  claimMany(input: contract.StoreClaimManyInput): Promise<ClaimManyResult> {
    return this.#filterClaims.claimMany(input);
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
    return this.#filterClaims.claim(input, input.target.filter);
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
      ? await this.#db.prepared(this.#db.sql['finish-with-tags'], [
          sessionId,
          machineId,
          process,
          token,
          names,
          values,
          deleteTags,
          now,
        ])
      : await this.#db.prepared(this.#db.sql.finish, [sessionId, machineId, process, token, now]);
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
    const row = (await this.#db.prepared(this.#db.sql.fail, args))[0] ?? {};
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
    const rows = await this.#db.rows(this.#db.sql['clear-backoff'], [
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

  getMachine(input: contract.StoreGetMachineInput): Promise<Machine | null> {
    return reads.getMachine(this.#db, input);
  }

  listMachines(input: contract.StoreListMachinesInput): Promise<Machine[]> {
    return reads.listMachines(this.#db, input);
  }

  history(input: contract.StoreHistoryInput): Promise<HistoryResult> {
    return reads.historyPage(this.#db, input);
  }

  pruneHistory(input: contract.StorePruneHistoryInput): Promise<PruneBatch> {
    return reads.pruneHistoryBatch(this.#db, input);
  }

  backoffs(input: contract.StoreBackoffsInput): Promise<Backoff[]> {
    return reads.listBackoffs(this.#db, input);
  }

  listSessions(input: contract.StoreListSessionsInput): Promise<SessionInfo[]> {
    return reads.listSessions(this.#db, input);
  }

  activeWork(input: contract.StoreActiveWorkInput): Promise<WorkInfo[]> {
    return reads.activeWork(this.#db, input);
  }

  stats(input: contract.StoreStatsInput): Promise<StoreStats> {
    return reads.storeStats(this.#db, input);
  }

  async recordProcesses(input: contract.StoreRecordProcessesInput): Promise<void> {
    await this.#db.rows(this.#db.sql['record-processes'], [input.names, input.now ?? null]);
  }

  knownProcesses(): Promise<RecordedProcess[]> {
    return reads.knownProcesses(this.#db);
  }
}
