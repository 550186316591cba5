import type * as contract from '@tagout/core';
import { type EligibilityListener, finishSignal, type Store, type StoreSubscription } from '@tagout/core';
import { createMachines, setTagsMany } from './bulk-writes.js';
import { claim, claimMany } from './claim.js';
import { type Connection, openConnection } from './connection.js';
import { history, pruneHistory } from './history-operations.js';
import { createMachine, deleteMachine, deleteTags, setTags } from './machine-operations.js';
import { clearBackoff, listSessions } from './operator-operations.js';
import { knownProcesses, recordProcesses } from './process-operations.js';
import { activeWork, backoffs, getMachine, listMachines, stats } from './read-operations.js';
import { closeSession, createSession, heartbeat } from './session-operations.js';
import { channelKey } from './signal-channel.js';
import { checkSqliteStoreOptions, type SqliteStoreOptions } from './store-options.js';
import { StoreSignals } from './store-signals.js';
import { cancel, fail, finish, finishMany } from './work-ending.js';

/**
 * Creates a tagout store on an embedded SQLite file (better-sqlite3). Nothing is opened
 * until `open()` (which `openEngine` calls): it opens the file, switches it to WAL and
 * migrates the schema.
 *
 * Several stores (in one process or in several) may share one file: every write is one
 * `BEGIN IMMEDIATE` transaction, so SQLite serialises them. The store's clock, used when an
 * operation gets no `now`, is `Date.now()` of the calling process: processes sharing a file
 * share a host, hence a clock.
 *
 * `subscribe` (wake-ups): after each commit that may make work eligible, every subscribed
 * store of this process on the same file hears it at once (an in-memory database: only its own
 * store); other processes' commits are noticed through `PRAGMA data_version`, read every
 * 50 ms while subscribed, and signalled as `null`.
 *
 * Operations throw the driver's error (e.g. `SQLITE_BUSY` after `busyTimeoutMs`), having
 * applied nothing; core wraps it in a `StoreError`.
 * @throws ValidationError for an unknown option key, a `path` that is not a string, or a
 * `busyTimeoutMs` that is not a duration ≥ 0.
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): Store {
  const { path, busyTimeoutMs } = checkSqliteStoreOptions(options);
  return new SqliteStore(path, busyTimeoutMs);
}

/**
 * The SQLite store. The class holds the connection, the subscriptions and the signals; each
 * operation's transaction is a function of the module named beside its group below, taking the
 * connection and the operation's input. A transition that committed is signalled here (see
 * `subscribe`), after its transaction.
 */
class SqliteStore implements Store {
  readonly #path: string;
  readonly #busyTimeoutMs: number;
  #connection: Connection | undefined;
  /** Subscriptions and signals; created by `open()`, once the file (and its real path) exists. */
  #signals: StoreSignals | undefined;

  constructor(path: string, busyTimeoutMs: number) {
    this.#path = path;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  get #c(): Connection {
    if (this.#connection === undefined) throw new Error('the SQLite store is not open (call open() first)');
    return this.#connection;
  }

  async open(): Promise<void> {
    this.#connection ??= openConnection({ path: this.#path, busyTimeoutMs: this.#busyTimeoutMs });
    this.#signals ??= new StoreSignals(channelKey(this.#path), () => this.#c.dataVersion());
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#signals?.close();
    this.#signals = undefined;
    connection?.db.close();
  }

  async subscribe(listener: EligibilityListener): Promise<StoreSubscription> {
    const signals = this.#signals;
    if (signals === undefined) throw new Error('the SQLite store is not open (call open() first)');
    return signals.subscribe(listener);
  }

  // Sessions: session-operations.ts.
  async createSession(input: contract.StoreCreateSessionInput) {
    return createSession(this.#c, input);
  }
  async heartbeat(input: contract.StoreHeartbeatInput) {
    return heartbeat(this.#c, input);
  }
  async closeSession(input: contract.StoreCloseSessionInput) {
    const { released, processes } = closeSession(this.#c, input);
    if (released > 0) this.#signal(processes);
    return { released };
  }

  // Claims: claim.ts.
  async claim(input: contract.StoreClaimInput) {
    return claim(this.#c, input);
  }
  async claimMany(input: contract.StoreClaimManyInput) {
    return claimMany(this.#c, input);
  }

  // Ending work: work-ending.ts.
  async finish(input: contract.StoreFinishInput) {
    const result = finish(this.#c, input);
    if (result.ok) this.#signal(finishSignal([input]));
    return result;
  }
  /** One transaction; one signal for the finishes that were applied (see `finishSignal`). */
  async finishMany(input: contract.StoreFinishManyInput) {
    const results = finishMany(this.#c, input);
    const applied = input.finishes.filter((_, i) => results[i]?.ok === true);
    if (applied.length > 0) this.#signal(finishSignal(applied));
    return results;
  }
  async fail(input: contract.StoreFailInput) {
    return this.#signalling(fail(this.#c, input), [input.process]);
  }
  async cancel(input: contract.StoreCancelInput) {
    return this.#signalling(cancel(this.#c, input), [input.process]);
  }

  // Operators: operator-operations.ts.
  async clearBackoff(input: contract.StoreClearBackoffInput) {
    const result = clearBackoff(this.#c, input);
    // It changed a backoff when one was active, or (resetInterval) when it deleted one.
    if (result.ok && (result.active || input.resetInterval)) this.#signal([input.process]);
    return result;
  }
  async listSessions(input: contract.StoreListSessionsInput) {
    return listSessions(this.#c, input);
  }

  // Machines and tags: machine-operations.ts, bulk-writes.ts.
  async createMachine(input: contract.StoreCreateMachineInput) {
    return this.#signalling(createMachine(this.#c, input), null);
  }
  async setTags(input: contract.StoreSetTagsInput) {
    return this.#signalling(setTags(this.#c, input), null);
  }
  async deleteTags(input: contract.StoreDeleteTagsInput) {
    return this.#signalling(deleteTags(this.#c, input), null);
  }
  async deleteMachine(input: contract.StoreDeleteMachineInput) {
    return deleteMachine(this.#c, input);
  }
  async createMachines(input: contract.StoreCreateMachinesInput) {
    return this.#signalling(createMachines(this.#c, input), null);
  }
  async setTagsMany(input: contract.StoreSetTagsManyInput) {
    return this.#signalling(setTagsMany(this.#c, input), null);
  }

  // Reads: read-operations.ts; history: history-operations.ts.
  async getMachine(input: contract.StoreGetMachineInput) {
    return getMachine(this.#c, input);
  }
  async listMachines(input: contract.StoreListMachinesInput) {
    return listMachines(this.#c, input);
  }
  async backoffs(input: contract.StoreBackoffsInput) {
    return backoffs(this.#c, input);
  }
  async activeWork(input: contract.StoreActiveWorkInput) {
    return activeWork(this.#c, input);
  }
  async stats(input: contract.StoreStatsInput) {
    return stats(this.#c, input);
  }
  async history(input: contract.StoreHistoryInput) {
    return history(this.#c, input);
  }
  async pruneHistory(input: contract.StorePruneHistoryInput) {
    return pruneHistory(this.#c, input);
  }

  // Declared processes: process-operations.ts.
  async recordProcesses(input: contract.StoreRecordProcessesInput) {
    recordProcesses(this.#c, input);
  }
  async knownProcesses() {
    return knownProcesses(this.#c);
  }

  /** Tells subscribers (of this process; see `subscribe`) about a commit that just ran. */
  #signal(processes: readonly string[] | null): void {
    this.#signals?.publish(processes);
  }

  /** Signals `processes` when `result` is ok (the transition committed), and returns it. */
  #signalling<R extends { ok: boolean }>(result: R, processes: readonly string[] | null): R {
    if (result.ok) this.#signal(processes);
    return result;
  }
}
