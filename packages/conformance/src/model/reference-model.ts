import {
  type Backoff,
  type BackoffPolicy,
  type Clock,
  canonicalJson,
  computeBackoff,
  type HistoryEvent,
  type HistoryEventKind,
  type Json,
  type Machine,
  matchesFilter,
  OPERATOR_SESSION_ID,
  type SessionInfo,
  type SessionRecord,
  type StoreFilter,
  type WorkInfo,
} from '@tagout/core';
import { type Expected, type ExpectedError, failure, success } from './expected.js';

/** Options of {@link ReferenceModel}: the same processes and groups the engine under test was opened with. */
export interface ReferenceModelOptions {
  processes: readonly string[];
  exclusive?: readonly (readonly string[])[];
  /** The clock the engine under test uses; the model reads it, never moves it. */
  clock: Clock;
  /** The engine's `sessionRetentionMs` (default 1 h, the engine's default). */
  sessionRetentionMs?: number;
}

/** How a session was started, as `engine.sessions()` reports it. */
export interface ModelSessionStart {
  component: string;
  runtimeInfo: string;
}

/** A session as the model knows it. */
export interface ModelSession extends SessionRecord {
  /** close() ran: the store forgot the session. */
  closed: boolean;
  /**
   * How the holder (the engine's session object) learned first that the session ended: a
   * call found it expired, or close() ran. Once `closed`, its calls and its work's
   * finish/fail are ClosedError; once `expired`, SessionExpiredError and WorkLostError.
   */
  endedAs: 'expired' | 'closed' | undefined;
}

/** What the holder of a work item knows about it (the engine's `Work` object). */
export interface ModelHandle {
  sessionId: string;
  machineId: string;
  process: string;
  token: number;
  /** The pair's stored interval at the claim: the base of fail's next interval. */
  lastIntervalMs: number | null;
  /** finish, fail or cancel already ran (or the work was found lost). */
  done: boolean;
}

/** What a successful claim hands the caller. */
export interface ExpectedClaim {
  machine: Machine;
  process: string;
  token: number;
  startedAt: number;
  sessionId: string;
}

/** What a claim may do before the store picks a machine. */
export interface ClaimPlan {
  /** The machines the claim may take (exactly one by id; any of them by filter; none means null). */
  candidates: readonly string[];
}

/** A tag commit of finish, already valid. */
export interface ModelCommit {
  setTags?: Record<string, Json>;
  deleteTags?: readonly string[];
}

interface WorkRow {
  machineId: string;
  process: string;
  sessionId: string;
  token: number;
  startedAt: number;
}

interface BackoffRow {
  until: number;
  cause: string;
  lastIntervalMs: number;
}

/** A page query of the history, as `engine.history` takes it (already valid). */
export interface ModelHistoryQuery {
  machineId?: string;
  process?: string;
  after?: string;
  before?: string;
  limit: number;
}

/** An event the model appended: its id is learned from the store; a pruned one keeps its place. */
interface ModelEvent {
  event: HistoryEvent;
  pruned: boolean;
}

/**
 * The reference model of tagout: an in-memory oracle written for clarity, not speed.
 *
 * It is NOT a store and must never stand in for one. The conformance suite runs every
 * operation on the engine under test and on the model, and compares. The model takes
 * only valid input (bad input is refused by core before any store sees it) and takes
 * from the engine what the engine chooses: session ids, tokens, and which machine a
 * filter claim picked (after checking the choice was allowed).
 */
export class ReferenceModel {
  readonly #clock: Clock;
  readonly #retentionMs: number;
  readonly #processes: readonly string[];
  readonly #blockers = new Map<string, string[]>();
  readonly #machines = new Map<string, Machine>();
  readonly #sessions = new Map<string, ModelSession>();
  readonly #work = new Map<string, WorkRow>();
  readonly #backoffs = new Map<string, BackoffRow>();
  readonly #handles = new Map<number, ModelHandle>();
  /** Every event ever appended, in order; pruned ones stay (marked) so a cursor keeps its place. */
  readonly #history: ModelEvent[] = [];
  #lastToken = Number.NEGATIVE_INFINITY;
  #pruned = false;

  constructor(options: ReferenceModelOptions) {
    this.#clock = options.clock;
    this.#retentionMs = options.sessionRetentionMs ?? 3_600_000;
    this.#processes = [...options.processes];
    for (const process of options.processes) this.#blockers.set(process, [process]);
    for (const group of options.exclusive ?? []) {
      for (const member of group) {
        const blockers = this.#blockers.get(member) ?? [member];
        for (const other of group) if (!blockers.includes(other)) blockers.push(other);
        this.#blockers.set(member, blockers);
      }
    }
  }

  /** The processes the model accepts. */
  get processes(): readonly string[] {
    return this.#processes;
  }

  /** The current time (the shared clock). */
  get now(): number {
    return this.#clock.now();
  }

  // ----- machines and tags -----

  /** createMachine with a chosen id. */
  createMachine(id: string, tags: Record<string, Json> = {}): Expected<Machine> {
    if (this.#machines.has(id)) return failure({ name: 'MachineExistsError' });
    const machine: Machine = { id, createdAt: this.now, tags: {} };
    this.#machines.set(id, machine);
    this.#writeTags(machine, tags);
    return success(structuredClone(machine));
  }

  /** setTags: upsert with `updatedAt = now`. */
  setTags(id: string, tags: Record<string, Json>): Expected<void> {
    const machine = this.#machines.get(id);
    if (machine === undefined) return failure({ name: 'NotFoundError' });
    this.#writeTags(machine, tags);
    return success(undefined);
  }

  /** deleteTags: absent names are ignored. */
  deleteTags(id: string, names: readonly string[]): Expected<void> {
    const machine = this.#machines.get(id);
    if (machine === undefined) return failure({ name: 'NotFoundError' });
    for (const name of names) delete machine.tags[name];
    return success(undefined);
  }

  /** deleteMachine: refused while live work exists; reaps expired work; history stays. */
  deleteMachine(id: string): Expected<void> {
    if (!this.#machines.has(id)) return failure({ name: 'NotFoundError' });
    const rows = this.#rowsWhere((row) => row.machineId === id);
    if (rows.some((row) => this.#isLive(row))) return failure({ name: 'MachineBusyError' });
    for (const row of rows) this.#end(row, 'Expired');
    for (const process of this.#processes) this.#backoffs.delete(pairKey(id, process));
    this.#machines.delete(id);
    return success(undefined);
  }

  // ----- sessions -----

  /** startSession: the engine chose the id. */
  startSession(
    id: string,
    intervalMs: number,
    start: ModelSessionStart = { component: 'conformance', runtimeInfo: '' },
  ): Expected<ModelSession> {
    const session: ModelSession = {
      id,
      component: start.component,
      runtimeInfo: start.runtimeInfo,
      intervalMs,
      createdAt: this.now,
      deadline: this.now + intervalMs,
      closed: false,
      endedAs: undefined,
    };
    this.#sessions.set(id, session);
    return success({ ...session });
  }

  /** Whether the session is alive now (known, not closed, deadline in the future). */
  isAlive(sessionId: string): boolean {
    const session = this.#sessions.get(sessionId);
    return session !== undefined && !session.closed && session.deadline > this.now;
  }

  /** The session as the model knows it. */
  session(sessionId: string): ModelSession | undefined {
    const session = this.#sessions.get(sessionId);
    return session && { ...session };
  }

  /** heartbeat: extends an alive session; a dead one is expired for good, a closed one closed. */
  heartbeat(sessionId: string): Expected<number> {
    const ended = this.#sessionEnded(sessionId);
    if (ended !== undefined) return failure(ended);
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return failure({ name: 'SessionExpiredError' });
    session.deadline = this.now + session.intervalMs;
    return success(session.deadline);
  }

  /** close: idempotent; releases the session's work (Canceled if alive, Expired if not). */
  closeSession(sessionId: string): Expected<void> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined || session.closed) return success(undefined);
    session.endedAs ??= 'closed';
    const event = this.isAlive(sessionId) ? 'Canceled' : 'Expired';
    session.closed = true;
    for (const row of this.#rowsWhere((r) => r.sessionId === sessionId)) this.#end(row, event);
    return success(undefined);
  }

  // ----- work -----

  /**
   * The checks of a claim, in the store's order. Changes no stored state (only what the
   * holder learns: a session found expired): on success the caller asks the engine, checks
   * its choice is a candidate, then calls {@link startWork}.
   */
  planClaim(
    sessionId: string,
    process: string,
    target: { machineId: string } | { filter: StoreFilter },
  ): Expected<ClaimPlan> {
    const ended = this.#sessionEnded(sessionId);
    if (ended !== undefined) return failure(ended);
    if ('filter' in target) {
      const filter = target.filter;
      const candidates = [...this.#machines.values()]
        .filter((machine) => matchesFilter(filter, machine, this.now))
        .filter((machine) => this.#heldBlockers(machine.id, process).length === 0)
        .filter((machine) => this.activeBackoff(machine.id, process) === undefined)
        .map((machine) => machine.id);
      return success({ candidates });
    }
    const { machineId } = target;
    if (!this.#machines.has(machineId)) return failure({ name: 'NotFoundError' });
    const heldProcess = this.#conflict(machineId, process);
    if (heldProcess !== undefined) return failure({ name: 'WorkConflictError', heldProcess });
    const backoff = this.activeBackoff(machineId, process);
    if (backoff !== undefined) {
      return failure({ name: 'BackedOffError', until: backoff.until, cause: backoff.cause });
    }
    return success({ candidates: [machineId] });
  }

  /**
   * The checks of a batched claim (`workMany`): as `limit` claims by `filter` one after the other
   * at one now. Claiming a machine changes no other machine's eligibility, so the batch takes
   * `count` distinct machines among the candidates of one such claim: `limit` of them, or all
   * when fewer are eligible. Changes no stored state; the caller then calls {@link startWork} for
   * each work the engine returned, in its order (tokens must increase along it).
   */
  planClaimMany(
    sessionId: string,
    process: string,
    filter: StoreFilter,
    limit: number,
  ): Expected<ClaimPlan & { count: number }> {
    const plan = this.planClaim(sessionId, process, { filter });
    if (!plan.ok) return plan;
    return success({ ...plan.value, count: Math.min(limit, plan.value.candidates.length) });
  }

  /**
   * Applies a claim the engine made (after {@link planClaim} allowed it): reaps expired
   * work on the pair, writes the work with the engine's token, appends Started.
   * @throws Error if the token is not greater than every earlier one, or no plan allowed this.
   */
  startWork(sessionId: string, process: string, machineId: string, token: number): ExpectedClaim {
    const machine = this.#machines.get(machineId);
    if (machine === undefined) throw new Error(`model: claim of unknown machine ${machineId}`);
    if (!(token > this.#lastToken)) {
      throw new Error(`model: token ${token} is not greater than the earlier token ${this.#lastToken}`);
    }
    this.#lastToken = token;
    const key = pairKey(machineId, process);
    const old = this.#work.get(key);
    if (old !== undefined) {
      if (this.#isLive(old)) throw new Error(`model: claim of live work ${key}`);
      this.#end(old, 'Expired');
    }
    const row: WorkRow = { machineId, process, sessionId, token, startedAt: this.now };
    this.#work.set(key, row);
    this.#append(row, 'Started');
    this.#handles.set(token, {
      sessionId,
      machineId,
      process,
      token,
      lastIntervalMs: this.#backoffs.get(key)?.lastIntervalMs ?? null,
      done: false,
    });
    return { machine: structuredClone(machine), process, token, startedAt: this.now, sessionId };
  }

  /** The holder's view of the work item with this token. */
  handle(token: number): ModelHandle | undefined {
    const handle = this.#handles.get(token);
    return handle && { ...handle };
  }

  /** finish: clears the backoff, appends Finished, applies the commit; a zombie gets WorkLostError. */
  finish(token: number, commit: ModelCommit = {}): Expected<void> {
    const ended = this.#endByHolder(token);
    if (!ended.ok) return failure(ended.error);
    const { row } = ended.value;
    this.#backoffs.delete(pairKey(row.machineId, row.process));
    this.#end(row, 'Finished');
    const machine = this.#machines.get(row.machineId);
    if (machine === undefined) throw new Error(`model: live work on a deleted machine ${row.machineId}`);
    this.#writeTags(machine, commit.setTags ?? {});
    for (const name of commit.deleteTags ?? []) delete machine.tags[name];
    return success(undefined);
  }

  /**
   * fail: appends Failed and upserts the backoff from `policy` and the interval stored at
   * the claim. Only jitter-free policies: the model must be deterministic.
   */
  fail(token: number, cause: string, policy?: BackoffPolicy): Expected<Backoff> {
    if (policy?.jitter !== undefined && policy.jitter !== false && policy.jitter !== 0) {
      throw new Error('model: jittered policies are not deterministic');
    }
    const ended = this.#endByHolder(token);
    if (!ended.ok) return failure(ended.error);
    const { row, handle } = ended.value;
    const next = computeBackoff(policy, handle.lastIntervalMs);
    this.#end(row, 'Failed', cause);
    const stored: BackoffRow = { until: this.now + next.delayMs, cause, lastIntervalMs: next.intervalMs };
    this.#backoffs.set(pairKey(row.machineId, row.process), stored);
    return success(this.#backoffView(row.machineId, row.process, stored));
  }

  /** cancel: releases the work (Canceled, or Expired if its session is dead); a no-op when done or lost. */
  cancel(token: number): Expected<void> {
    const handle = this.#handles.get(token);
    if (handle === undefined || handle.done) return success(undefined);
    handle.done = true;
    const row = this.#work.get(pairKey(handle.machineId, handle.process));
    if (row !== undefined && row.token === token) {
      this.#end(row, this.isAlive(row.sessionId) ? 'Canceled' : 'Expired');
    }
    return success(undefined);
  }

  // ----- operator actions -----

  /**
   * clearBackoff: an active backoff ends now (`until = now`), or is deleted with
   * `resetInterval` (an inactive one too); a change appends BackoffCleared. Returns whether the
   * backoff was active. Live work and what its holder saw at the claim are untouched.
   */
  clearBackoff(
    machineId: string,
    process: string,
    reason: string | null,
    resetInterval: boolean,
  ): Expected<boolean> {
    if (!this.#machines.has(machineId)) return failure({ name: 'NotFoundError' });
    const key = pairKey(machineId, process);
    const row = this.#backoffs.get(key);
    if (row === undefined) return success(false);
    const active = row.until > this.now;
    if (resetInterval) this.#backoffs.delete(key);
    else if (active) row.until = this.now;
    else return success(false);
    const event: HistoryEvent = {
      id: '',
      machineId,
      process,
      event: 'BackoffCleared',
      at: this.now,
      sessionId: OPERATOR_SESSION_ID,
      token: 0,
      ...(reason !== null && { cause: reason }),
    };
    this.#history.push({ event, pruned: false });
    return success(active);
  }

  // ----- observable state -----

  /** Machines passing `filter` (all when absent), ordered by (createdAt, id). */
  machines(filter?: StoreFilter): Machine[] {
    return [...this.#machines.values()]
      .filter((machine) => filter === undefined || matchesFilter(filter, machine, this.now))
      .sort((a, b) => a.createdAt - b.createdAt || compareText(a.id, b.id))
      .map((machine) => structuredClone(machine));
  }

  /** One machine, or null. */
  machine(id: string): Machine | null {
    const machine = this.#machines.get(id);
    return machine === undefined ? null : structuredClone(machine);
  }

  /** Every backoff (active or not), ordered by (machineId, process). */
  backoffs(): Backoff[] {
    return [...this.#backoffs.entries()]
      .map(([key, row]) => {
        const [machineId, process] = splitPairKey(key);
        return this.#backoffView(machineId, process, row);
      })
      .sort((a, b) => compareText(a.machineId, b.machineId) || compareText(a.process, b.process));
  }

  /** The pair's backoff if it is active now. */
  activeBackoff(machineId: string, process: string): Backoff | undefined {
    const row = this.#backoffs.get(pairKey(machineId, process));
    return row !== undefined && row.until > this.now ? this.#backoffView(machineId, process, row) : undefined;
  }

  /** Live work, ordered by token. */
  activeWork(): WorkInfo[] {
    return this.#rowsWhere((row) => this.#isLive(row)).map((row) => ({ ...row }));
  }

  /**
   * What `engine.sessions()` may list, ordered by (createdAt, id): every session not closed,
   * each marked `retired` when a store may already have deleted it (its deadline plus the
   * retention has passed), so it may be missing from the listing.
   */
  sessions(): (SessionInfo & { retired: boolean })[] {
    return [...this.#sessions.values()]
      .filter((session) => !session.closed)
      .sort((a, b) => a.createdAt - b.createdAt || compareText(a.id, b.id))
      .map((session) => {
        const alive = this.isAlive(session.id);
        return {
          id: session.id,
          component: session.component,
          runtimeInfo: session.runtimeInfo,
          intervalMs: session.intervalMs,
          createdAt: session.createdAt,
          deadline: session.deadline,
          alive,
          liveWork: alive ? this.#rowsWhere((row) => row.sessionId === session.id).length : 0,
          retired: session.deadline + this.#retentionMs <= this.now,
        };
      });
  }

  /** The whole history (not pruned), oldest first; `id` is '' until learned ({@link learnHistoryIds}). */
  history(): HistoryEvent[] {
    return this.#history.filter((e) => !e.pruned).map((e) => ({ ...e.event }));
  }

  /**
   * Takes the ids the store gave its events (ids are the store's choice). `events` is the whole
   * history the store keeps, in its order. An event with a token names the model event with the
   * same token and kind; a `BackoffCleared` (token 0, possibly several per pair) names the model's
   * event by position: the k-th of the pair's `BackoffCleared` events the store lists is the k-th
   * the model has not pruned (both append them in call order). Events the model lacks are ignored
   * here (the comparison of histories reports them).
   */
  learnHistoryIds(events: readonly HistoryEvent[]): void {
    const byKey = new Map<string, HistoryEvent>();
    const cleared = new Map<string, HistoryEvent[]>();
    for (const { event, pruned } of this.#history) {
      if (event.event !== 'BackoffCleared') byKey.set(`${event.token} ${event.event}`, event);
      else if (!pruned) listOf(cleared, pairKey(event.machineId, event.process)).push(event);
    }
    const seen = new Map<string, number>();
    for (const event of events) {
      let known: HistoryEvent | undefined;
      if (event.event === 'BackoffCleared') {
        const key = pairKey(event.machineId, event.process);
        const index = seen.get(key) ?? 0;
        seen.set(key, index + 1);
        known = cleared.get(key)?.[index];
      } else {
        known = byKey.get(`${event.token} ${event.event}`);
      }
      if (known !== undefined && known.id === '') known.id = event.id;
    }
  }

  /** Whether a prune deleted anything: a pair's history may then start with an outcome. */
  get pruned(): boolean {
    return this.#pruned;
  }

  /** Ids of every event ever appended (pruned ones included) whose id the model learned, in order. */
  historyIds(): string[] {
    return this.#history.map((e) => e.event.id).filter((id) => id !== '');
  }

  /**
   * A page of `engine.history`: matching events strictly between the cursors' places, oldest
   * first; the `limit` oldest of them after `after`, else the `limit` newest. A cursor must be an
   * id the model learned.
   */
  historyPage(query: ModelHistoryQuery): HistoryEvent[] {
    const place = (id: string | undefined, fallback: number): number => {
      if (id === undefined) return fallback;
      const index = this.#history.findIndex((e) => e.event.id === id);
      if (index < 0) throw new Error(`model: unknown history cursor ${id}`);
      return index;
    };
    const low = place(query.after, -1);
    const high = place(query.before, this.#history.length);
    const matching = this.#history
      .filter((e, i) => i > low && i < high && !e.pruned)
      .map((e) => e.event)
      .filter((e) => query.machineId === undefined || e.machineId === query.machineId)
      .filter((e) => query.process === undefined || e.process === query.process);
    const page = query.after !== undefined ? matching.slice(0, query.limit) : matching.slice(-query.limit);
    return page.map((event) => ({ ...event }));
  }

  /**
   * pruneHistory: deletes the events older than `now - olderThanMs`, except the latest event of a
   * pair that has a backoff (active or not). Returns how many it deleted.
   */
  pruneHistory(olderThanMs: number): number {
    const cutoff = this.now - olderThanMs;
    const latest = new Map<string, ModelEvent>();
    for (const e of this.#history) if (!e.pruned) latest.set(pairKey(e.event.machineId, e.event.process), e);
    let deleted = 0;
    for (const e of this.#history) {
      if (e.pruned || e.event.at >= cutoff) continue;
      const key = pairKey(e.event.machineId, e.event.process);
      if (this.#backoffs.has(key) && latest.get(key) === e) continue;
      e.pruned = true;
      deleted++;
    }
    this.#pruned ||= deleted > 0;
    return deleted;
  }

  // ----- internals -----

  #writeTags(machine: Machine, tags: Record<string, Json>): void {
    for (const [name, value] of Object.entries(tags)) {
      machine.tags[name] = { value: JSON.parse(canonicalJson(value)) as Json, updatedAt: this.now };
    }
  }

  #isLive(row: WorkRow): boolean {
    return this.isAlive(row.sessionId);
  }

  /**
   * The process a claim of `process` by id reports as blocking it (see `Store.claim`): `process`
   * itself when it holds the machine, else the first blocker holding it by name; undefined when
   * none does.
   */
  #conflict(machineId: string, process: string): string | undefined {
    const held = this.#heldBlockers(machineId, process);
    return held.includes(process) ? process : held.sort()[0];
  }

  /** Live work on the machine for any process blocking `process`. */
  #heldBlockers(machineId: string, process: string): string[] {
    const blockers = this.#blockers.get(process) ?? [process];
    return blockers.filter((blocker) => {
      const row = this.#work.get(pairKey(machineId, blocker));
      return row !== undefined && this.#isLive(row);
    });
  }

  #rowsWhere(predicate: (row: WorkRow) => boolean): WorkRow[] {
    return [...this.#work.values()].filter(predicate).sort((a, b) => a.token - b.token);
  }

  /**
   * The checks finish and fail share: not done, session alive (closed: ClosedError, expired:
   * WorkLostError), the pair still holds the token.
   */
  #endByHolder(token: number): Expected<{ row: WorkRow; handle: ModelHandle }> {
    const handle = this.#handles.get(token);
    if (handle === undefined) throw new Error(`model: unknown work token ${token}`);
    if (handle.done) return failure({ name: 'AlreadyDoneError' });
    handle.done = true;
    const ended = this.#sessionEnded(handle.sessionId);
    if (ended !== undefined)
      return failure({ name: ended.name === 'ClosedError' ? 'ClosedError' : 'WorkLostError' });
    const row = this.#work.get(pairKey(handle.machineId, handle.process));
    if (row === undefined || row.token !== token) return failure({ name: 'WorkLostError' });
    return success({ row, handle });
  }

  /**
   * Why a call on the session fails, or undefined while it is alive. A dead session is
   * found expired by this call (the stores check the session before anything else), unless
   * close() ended it first: then it is closed.
   */
  #sessionEnded(sessionId: string): ExpectedError | undefined {
    const session = this.#sessions.get(sessionId);
    if (session?.endedAs === 'closed') return { name: 'ClosedError' };
    if (this.isAlive(sessionId)) return undefined;
    if (session !== undefined) session.endedAs = 'expired';
    return { name: 'SessionExpiredError' };
  }

  /** Deletes a work row and appends its outcome. */
  #end(row: WorkRow, event: Exclude<HistoryEventKind, 'Started' | 'BackoffCleared'>, cause?: string): void {
    this.#work.delete(pairKey(row.machineId, row.process));
    this.#append(row, event, cause);
  }

  #append(row: WorkRow, kind: HistoryEventKind, cause?: string): void {
    const event: HistoryEvent = {
      id: '',
      machineId: row.machineId,
      process: row.process,
      event: kind,
      at: this.now,
      sessionId: row.sessionId,
      token: row.token,
      ...(cause !== undefined && { cause }),
    };
    this.#history.push({ event, pruned: false });
  }

  #backoffView(machineId: string, process: string, row: BackoffRow): Backoff {
    return {
      machineId,
      process,
      until: row.until,
      cause: row.cause,
      lastIntervalMs: row.lastIntervalMs,
      active: row.until > this.now,
    };
  }
}

/** The list under `key` in `map`, created empty when absent. */
function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

function pairKey(machineId: string, process: string): string {
  return `${machineId}\u0000${process}`;
}

function splitPairKey(key: string): [string, string] {
  const [machineId = '', process = ''] = key.split('\u0000');
  return [machineId, process];
}

/** Binary (code unit) order, as SQL's default collation and Redis sort strings. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
