/**
 * The store contract: the only thing a storage backend implements.
 *
 * Every operation is atomic on its own (one transaction, or one server-side script).
 * It takes plain data and an optional `now` (ms since epoch). When `now` is absent the
 * store judges time by its own clock (the database server's, Redis `TIME`, the process
 * clock of an embedded file); when present, that value replaces the store's clock inside
 * the operation, SQL and scripts included.
 *
 * A store persists and checks. It never computes policy: ids, validation, backoff
 * intervals and jitter come from core, already checked. Outcomes the caller handles
 * are returned as `{ ok: false, reason }`; only infrastructure failures throw (core wraps
 * them in `StoreError`, keeping the cause).
 *
 * Definitions used below:
 * - a session is *alive* at `now` while `deadline > now`;
 * - a work item is *live* while its session is alive; work of a dead session is
 *   *expired* and is reaped (deleted, with an `Expired` event) by the first operation
 *   that touches it: a claim on its pair, the close of its session, its own cancel, or
 *   the deletion of its machine;
 * - a backoff is *active* while `until > now`; an inactive one is ignored everywhere;
 * - a session is *retired* once `deadline + retentionMs <= now` (`retentionMs` comes from core
 *   with `createSession` and `heartbeat`). A store may delete a retired session at any time,
 *   and should, so crashed workers do not pile up: Postgres and SQLite delete retired
 *   sessions that hold no work when a session is created; Redis lets the session key expire.
 *   A missing session counts as dead everywhere;
 * - a store's *scan budget* (optional, {@link Store.claimScanBudget}) is the most candidates
 *   one claim by filter examines. See `claim` for what a store with one may answer.
 *
 * Reads (`listMachines`, `listSessions`, `history`) may be served in several bounded steps by a store that
 * must not block its server for long (Redis): each step is atomic, the whole read is not a
 * snapshot (a machine written meanwhile is listed as of some moment during the read), but
 * the result is still ordered and has no duplicates.
 */
import type { Backoff, HistoryEvent, Machine, WorkInfo } from './types.js';

/** A filter after validation: tag values are canonical JSON text (see `canonicalJson`). */
export type StoreFilter =
  | { kind: 'has'; tag: string }
  | { kind: 'lacks'; tag: string }
  /** The tag exists and its value (at `path`, object keys only) is the JSON `json`. */
  | { kind: 'equals'; tag: string; path: readonly string[]; json: string }
  /** The tag exists and `updatedAt <= now - ms`. */
  | { kind: 'older'; tag: string; ms: number }
  /** The tag exists and `updatedAt > now - ms`. */
  | { kind: 'newer'; tag: string; ms: number }
  | { kind: 'and'; filters: readonly StoreFilter[] }
  | { kind: 'or'; filters: readonly StoreFilter[] }
  | { kind: 'not'; filter: StoreFilter };

/** Tag writes: name → canonical JSON text of the value. */
export type TagWrites = Readonly<Record<string, string>>;

/** One machine of {@link Store.createMachines}: its id (lowercase UUID) and first tags. */
export interface MachineWrite {
  id: string;
  tags: TagWrites;
}

/** One machine of {@link Store.setTagsMany}: the tags to upsert on it. */
export interface TagsWrite {
  machineId: string;
  tags: TagWrites;
}

/** Input common to operations that judge time. */
export interface AtTime {
  /** Replaces the store's clock for this operation (ms since epoch). */
  now?: number;
}

/** Identifies the work item a holder believes it has. */
export interface WorkRef extends AtTime {
  sessionId: string;
  machineId: string;
  process: string;
  /** The fencing token the claim returned. */
  token: number;
}

/** A session as stored. */
export interface SessionRecord {
  id: string;
  /** Who works with it, as given to `startSession`. */
  component: string;
  /** Free text about the process, as given to `startSession`. */
  runtimeInfo: string;
  /** Its heartbeat interval: each heartbeat sets `deadline = now + intervalMs`. */
  intervalMs: number;
  /** When it started (ms since epoch, store clock). */
  createdAt: number;
  /** It dies at this time unless a heartbeat extends it. */
  deadline: number;
}

/** What `createSession` stored: the times core completes a {@link SessionRecord} with. */
export interface CreatedSession {
  /** When it started: the operation's now. */
  createdAt: number;
  /** `createdAt + intervalMs`. */
  deadline: number;
}

/** A session as `engine.sessions()` lists it: as stored, and judged at the listing's now. */
export interface SessionInfo extends SessionRecord {
  /** Whether `deadline` is still in the future. */
  alive: boolean;
  /** Its live work items: its work items while it is alive, 0 once dead (dead work is not live). */
  liveWork: number;
}

/** Work as a claim returns it. */
export interface ClaimedWork {
  /** The machine with its tags as of the claim. */
  machine: Machine;
  /** Fresh fencing token: strictly greater than every token this store issued before. */
  token: number;
  startedAt: number;
  /** The pair's stored backoff interval (active or not), the base of the next one. */
  lastIntervalMs: number | null;
}

/** Why a session-bound operation did nothing because the session is not alive. */
export type SessionExpired = { ok: false; reason: 'session-expired' };

/** Outcome of `claim`. */
export type ClaimResult =
  | { ok: true; work: ClaimedWork }
  | SessionExpired
  /** By id: no such machine. */
  | { ok: false; reason: 'not-found' }
  /**
   * By id: live work exists for the process, or for one excluding it. `process` names the one
   * that blocks it, chosen as {@link Store.claim} says (the process itself first, then `blockers` order).
   */
  | { ok: false; reason: 'conflict'; process: string }
  /** By id: the pair is in active backoff. */
  | { ok: false; reason: 'backed-off'; until: number; cause: string }
  /**
   * By filter: no eligible machine now. A store may add `retryInMs` (see {@link NothingEligible}).
   */
  | NothingEligible;

/**
 * A claim by filter found nothing eligible. `retryInMs`, when present, is the time from the
 * claim's now until the earliest `until` among the active backoffs of the claim's process (on
 * any machine): a claimer may sleep until then, when a backoff ending may make work eligible.
 * Absent when the process has no active backoff (or the store does not tell). Read in the same
 * atomic step as the claim; a store may also bound it by its filter (any later value that is
 * still the earliest end among pairs the filter could match).
 */
export interface NothingEligible {
  ok: false;
  reason: 'nothing';
  retryInMs?: number;
}

/** Outcome of `claimMany`. */
export type ClaimManyResult =
  /** Up to `limit` claimed works, each as a single claim would return it, in token order. */
  { ok: true; works: ClaimedWork[]; retryInMs?: number } | SessionExpired;

/**
 * What a store signal says may have become eligible: work of these processes ended or a backoff
 * of theirs was cleared (`processes`), or anything (`null`: machines or tags changed, or the
 * store cannot tell what it missed). See {@link Store.subscribe}.
 */
export type EligibilityListener = (processes: readonly string[] | null) => void;

/** A live store subscription; `close()` releases it (idempotent). */
export interface StoreSubscription {
  close(): Promise<void>;
}

/** Outcome of `finish`, and of `fail` when it did nothing. */
export type LostResult =
  | SessionExpired
  /** The pair no longer holds this token (taken over, or already ended). */
  | { ok: false; reason: 'lost' };

/** One entry of {@link Store.finishMany}: the work to finish and its commit, as `finish` takes them. */
export interface FinishWrite {
  sessionId: string;
  machineId: string;
  process: string;
  /** The fencing token the claim returned. */
  token: number;
  setTags: TagWrites;
  deleteTags: readonly string[];
}

/** Outcome of `history`: a page, or a refused cursor. */
export type HistoryResult =
  | { ok: true; events: HistoryEvent[] }
  /** `after` or `before` is not an id this store could have issued. */
  | { ok: false; reason: 'bad-cursor'; cursor: 'after' | 'before' };

/** Outcome of one `pruneHistory` batch. */
export interface PruneBatch {
  /** Events deleted by this batch. */
  deleted: number;
  /** The time the batch judged age by (the store's clock, or the injected `now`). */
  now: number;
  /** Where the next batch starts (pass it as `after`), or null: nothing older is left to examine. */
  next: string | null;
}

/** Outcome of `clearBackoff`. */
export type ClearBackoffResult =
  /** `active`: whether the pair had an active backoff before the call. */
  | { ok: true; active: boolean }
  /** No such machine; nothing changed. */
  | { ok: false; reason: 'not-found' };

/** A process name an engine declared (see `Store.recordProcesses`). */
export interface RecordedProcess {
  /** The process name, as declared. */
  name: string;
  /** When an engine last declared it (ms since epoch, store clock). */
  declaredAt: number;
}

/** Counts for dashboards and metrics. */
export interface StoreStats {
  /** Number of machines. */
  machines: number;
  /** Live work per process; processes with none may be omitted. */
  liveWork: Record<string, number>;
  /** Active backoffs per process; processes with none may be omitted. */
  activeBackoffs: Record<string, number>;
  /** Machines per tag name; names on no machine may be omitted. */
  tags: Record<string, number>;
}

/**
 * What a store says about a connection it keeps to its server between operations: it broke
 * (`lost`, with the driver's error), or it works again (`restored`).
 */
export type ConnectionNotice = { state: 'lost'; error: unknown } | { state: 'restored' };

/** What {@link Store.watchConnection} calls with each {@link ConnectionNotice}. */
export type ConnectionListener = (notice: ConnectionNotice) => void;

/*
 * The input of each {@link Store} operation, named `Store<Operation>Input`, in the order of the
 * interface. Core builds them from checked values; a store reads them as they are.
 */

/** Input of {@link Store.createSession}. */
export interface StoreCreateSessionInput extends AtTime {
  /** The new session's id (lowercase UUID). */
  id: string;
  /** Who works with it, as given to `startSession`. */
  component: string;
  /** Free text about the process, as given to `startSession`. */
  runtimeInfo: string;
  /** Its heartbeat interval: `deadline = now + intervalMs`. */
  intervalMs: number;
  /** How long a dead session is kept before it may be deleted. */
  retentionMs: number;
}

/** Input of {@link Store.heartbeat}. */
export interface StoreHeartbeatInput extends AtTime {
  sessionId: string;
  /** How long the session is kept after its (new) deadline once it dies. */
  retentionMs: number;
}

/** Input of {@link Store.closeSession}. */
export interface StoreCloseSessionInput extends AtTime {
  sessionId: string;
}

/** Input of {@link Store.claim}. */
export interface StoreClaimInput extends AtTime {
  sessionId: string;
  process: string;
  /**
   * The process itself and every process declared mutually exclusive with it, each once,
   * sorted by name in code-unit order (core sorts them; names are ASCII, so this is also the
   * byte order of SQL's `COLLATE "C"` and SQLite's BINARY).
   */
  blockers: readonly string[];
  /** One machine by id, or the first eligible machine passing a filter. */
  target: { machineId: string } | { filter: StoreFilter };
}

/** Input of {@link Store.claimMany}. */
export interface StoreClaimManyInput extends AtTime {
  sessionId: string;
  process: string;
  /** As `claim` takes them: the process and those exclusive with it, sorted by name. */
  blockers: readonly string[];
  filter: StoreFilter;
  /** The most machines to claim: between 1 and `LIMITS.claimBatch`. */
  limit: number;
}

/** Input of {@link Store.finish}: the work, and the tags to write and delete with it. */
export interface StoreFinishInput extends WorkRef {
  setTags: TagWrites;
  deleteTags: readonly string[];
}

/** Input of {@link Store.finishMany}. */
export interface StoreFinishManyInput extends AtTime {
  finishes: readonly FinishWrite[];
}

/** Input of {@link Store.fail}: the work, why it failed, and the backoff core computed. */
export interface StoreFailInput extends WorkRef {
  cause: string;
  /** The backoff interval to store (the base of the next one). */
  intervalMs: number;
  /** `until = now + delayMs` (the interval, with jitter when the policy has some). */
  delayMs: number;
}

/** Input of {@link Store.cancel}: the work to cancel. */
export type StoreCancelInput = WorkRef;

/** Input of {@link Store.clearBackoff}. */
export interface StoreClearBackoffInput extends AtTime {
  machineId: string;
  process: string;
  /** The cause of the `BackoffCleared` event; none when null. */
  reason: string | null;
  /** Delete the backoff (its interval too) instead of ending it. */
  resetInterval: boolean;
}

/** Input of {@link Store.createMachine}. */
export interface StoreCreateMachineInput extends AtTime {
  /** The new machine's id (lowercase UUID). */
  id: string;
  tags: TagWrites;
}

/** Input of {@link Store.setTags}. */
export interface StoreSetTagsInput extends AtTime {
  machineId: string;
  tags: TagWrites;
}

/** Input of {@link Store.deleteTags}. */
export interface StoreDeleteTagsInput extends AtTime {
  machineId: string;
  /** The tag names to delete. */
  names: readonly string[];
}

/** Input of {@link Store.deleteMachine}. */
export interface StoreDeleteMachineInput extends AtTime {
  machineId: string;
}

/** Input of {@link Store.createMachines}. */
export interface StoreCreateMachinesInput extends AtTime {
  machines: readonly MachineWrite[];
}

/** Input of {@link Store.setTagsMany}. */
export interface StoreSetTagsManyInput extends AtTime {
  machines: readonly TagsWrite[];
}

/** Input of {@link Store.getMachine}. */
export interface StoreGetMachineInput {
  machineId: string;
}

/** Input of {@link Store.listMachines}. */
export interface StoreListMachinesInput extends AtTime {
  /** Only machines passing it; all machines without it. */
  filter?: StoreFilter;
  limit: number;
}

/** Input of {@link Store.history}: which events (all without `machineId` and `process`), and the page. */
export interface StoreHistoryInput {
  machineId?: string;
  process?: string;
  /** An event id: the page starts after it. */
  after?: string;
  /** An event id: the page ends before it. */
  before?: string;
  limit: number;
}

/** Input of {@link Store.pruneHistory}: one batch. */
export interface StorePruneHistoryInput extends AtTime {
  /** Events older than `now - olderThanMs` may be deleted. */
  olderThanMs: number;
  /** An event id: the batch starts after it (from the oldest without it). */
  after?: string;
  /** The most events the batch examines. */
  limit: number;
}

/** Input of {@link Store.backoffs}. */
export interface StoreBackoffsInput extends AtTime {
  machineId?: string;
  process?: string;
  /** Only backoffs active at now. */
  activeOnly: boolean;
  limit: number;
}

/** Input of {@link Store.listSessions}. */
export interface StoreListSessionsInput extends AtTime {
  /** Only sessions alive at now. */
  aliveOnly: boolean;
  limit: number;
}

/** Input of {@link Store.activeWork}. */
export interface StoreActiveWorkInput extends AtTime {
  machineId?: string;
  process?: string;
  limit: number;
}

/** Input of {@link Store.stats}. */
export type StoreStatsInput = AtTime;

/** Input of {@link Store.recordProcesses}. */
export interface StoreRecordProcessesInput extends AtTime {
  /** The declared process names: non-empty, checked, without duplicates. */
  names: readonly string[];
}

/** The store contract. See the module comment for the definitions. */
export interface Store {
  /**
   * Prepares the store (connects, migrates). Idempotent. Called by `openEngine`, which calls
   * `close()` when it fails, so a store must release in `close()` whatever a failed `open()`
   * left behind. Throws the driver's error that made it fail (e.g. `ECONNREFUSED`), not a
   * later symptom of it.
   */
  open(): Promise<void>;
  /**
   * Releases what the store created itself (never a client or pool it was handed), and the
   * listeners it attached to one it was handed. Safe after a failed `open()`.
   */
  close(): Promise<void>;
  /**
   * The most candidates one claim by filter examines, when the store bounds it (see `claim`);
   * absent when every claim by filter examines every candidate, so `nothing` always means
   * that no machine is eligible.
   */
  readonly claimScanBudget?: number;
  /**
   * Optional, for stores that keep a connection outside of operations (a Redis client that
   * reconnects by itself). `openEngine` calls it once, before `open()`; after `open()` has
   * succeeded, the store calls `notify` once when the connection breaks (`lost`, however many
   * reconnect attempts fail) and once when it works again (`restored`), until `close()`. The
   * engine reports both through its `onError` (`StoreConnectionError`). Operations still fail
   * on their own while the connection is down; this only tells operators, once per outage.
   */
  watchConnection?(notify: ConnectionListener): void;

  /**
   * Creates an alive session: `createdAt = now`, `deadline = now + intervalMs`. May delete
   * retired sessions (see the module comment) in the same step, a bounded number at a time.
   * Returns the times it stored; core builds the {@link SessionRecord} from them and the input.
   */
  createSession(input: StoreCreateSessionInput): Promise<CreatedSession>;
  /** Alive: sets `deadline = now + intervalMs`. Gone or dead: changes nothing. */
  heartbeat(input: StoreHeartbeatInput): Promise<{ ok: true; deadline: number } | SessionExpired>;
  /**
   * Deletes the session and releases its work: `Canceled` events if it was alive,
   * `Expired` if not, appended in token order. Unknown session: does nothing.
   */
  closeSession(input: StoreCloseSessionInput): Promise<{ released: number }>;

  /**
   * Claims work. Checks, in this order: the session is alive (`session-expired`); the
   * machine exists (`not-found`, by id only); no live work exists on the machine for any
   * process in `blockers` (`conflict`); the pair has no active backoff (`backed-off`).
   * When several processes of `blockers` hold live work on the machine (two that each exclude
   * the process but not each other, or, when engines disagree on exclusive groups, the process
   * itself and one it excludes), `conflict` names the process itself if it is one of them, else
   * the first of them in `blockers` order, which is name order. Every store answers the same.
   * By filter, the first machine passing all checks is taken (`nothing` if none);
   * parallel claimers should be spread over candidates rather than pile onto one.
   * A store with a scan budget B ({@link Store.claimScanBudget}) examines at most B candidates
   * per claim and may answer `nothing` while an eligible machine exists, but only when more
   * than B machines exist. It must then cover its candidates over successive claims: over
   * claims by the same process and filter at one `now`, with nothing else running, it answers `nothing`
   * at most ceil(m / B) times (m: the number of machines) before it has taken every machine
   * that was eligible when they began.
   * Expired work on the pair is reaped first (an `Expired` event, then `Started`).
   * Writes the work item with a fresh token and appends `Started`.
   */
  claim(input: StoreClaimInput): Promise<ClaimResult>;
  /**
   * Claims up to `limit` machines by filter for one process in one atomic step (one
   * statement or script where the store has a server): as `limit` single claims by `filter`
   * one after the other at one `now` would, each with its own fresh token and `Started` event
   * (tokens and events in the order of the returned works). An alive session is required
   * (`session-expired`, nothing changed). Fewer than `limit` (possibly none) when fewer are
   * eligible, or, for a store with a scan budget, when the budget ran out (as `claim`). With
   * no work returned a store may add `retryInMs` as {@link NothingEligible}. `limit` is
   * between 1 and `LIMITS.claimBatch`, checked by core. Optional: without it core claims one
   * by one (`claim` by filter, up to `limit` times, stopping at the first `nothing`).
   */
  claimMany?(input: StoreClaimManyInput): Promise<ClaimManyResult>;
  /**
   * Optional: tells `listener` when a committed transition may have made work eligible, so
   * waiting claimers wake at once instead of polling. Subscribers in every process using the
   * same store (database schema, Redis namespace, SQLite file) hear it, asynchronously, after
   * the commit:
   * - `finish`, `fail`, `cancel` that ended work, and `closeSession` that released work: the
   *   processes of that work (`null` instead when `finish` wrote or deleted tags); `finishMany`
   *   as its finishes that were applied, in one signal or several;
   * - `clearBackoff` that changed a backoff: its process;
   * - `createMachine(s)`, `setTags(Many)`, `deleteTags` that changed something: `null`.
   * Claims, reads, `deleteMachine` and `pruneHistory` signal nothing. Signals may be coalesced
   * (several transitions in one call), duplicated or spurious; they are hints, never a lock.
   * When the store's channel breaks (a dropped connection, a failover) signals are lost: the
   * store then calls `listener(null)` once it listens again, so nothing waits for what it
   * missed. Resolves once listening. One subscription per engine; `close()` of the store also
   * ends its subscriptions. A store without it is polled (core's waits then end at their timeout).
   */
  subscribe?(listener: EligibilityListener): Promise<StoreSubscription>;
  /**
   * Session alive and the pair holds `token`: deletes the work and the pair's backoff,
   * appends `Finished`, writes `setTags` then deletes `deleteTags` on the machine.
   */
  finish(input: StoreFinishInput): Promise<{ ok: true } | LostResult>;
  /**
   * Finishes several works in one atomic step (one transaction, statement or script; one round
   * trip where the store has a server), all judged at one `now`: each entry exactly as `finish`
   * would do it, one after the other in input order, with its own checks (session alive, the
   * pair holds its token) and its own `Finished` event (events in input order). An entry that is
   * `session-expired` or `lost` changes nothing of its own and does not stop the others. Returns
   * one outcome per entry, in input order. Entries may name different sessions; core sends
   * the works of one session, each at most once. Core bounds a batch: at most
   * `LIMITS.finishBatch` entries whose tag writes together stay within `LIMITS.bulkWriteTags`
   * and `LIMITS.bulkWriteBytes` (or one entry alone, as `finish` takes it), never none. Signals (see `subscribe`) as the finishes would, and may
   * coalesce them into one. Optional: without it core finishes one by one (`finish` per entry).
   */
  finishMany?(input: StoreFinishManyInput): Promise<({ ok: true } | LostResult)[]>;
  /**
   * Session alive and the pair holds `token`: deletes the work, appends `Failed` with
   * `cause`, upserts the backoff with `until = now + delayMs` and `lastIntervalMs = intervalMs`.
   * Returns that `until`; core builds the `Backoff` callers see from it and the input.
   */
  fail(input: StoreFailInput): Promise<{ ok: true; until: number } | LostResult>;
  /**
   * The pair holds `token`: deletes the work and appends `Canceled` (session alive) or
   * `Expired` (session dead). The backoff is untouched. Otherwise `lost`, nothing changes.
   */
  cancel(
    input: StoreCancelInput,
  ): Promise<{ ok: true; event: 'Canceled' | 'Expired' } | { ok: false; reason: 'lost' }>;

  /**
   * An operator ends the pair's backoff. The machine must exist (`not-found`). Then:
   * - an active backoff (`until > now`) gets `until = now` (cause and `lastIntervalMs` kept),
   *   or is deleted when `resetInterval`;
   * - an inactive one is deleted when `resetInterval`, else left as it is;
   * - when it changed a backoff, it appends `BackoffCleared` with `sessionId`
   *   `OPERATOR_SESSION_ID`, token 0 and `reason` as the event's cause (none when null).
   *   When it changed nothing, it appends nothing.
   * Live work on the pair is untouched. Returns whether the backoff was active.
   */
  clearBackoff(input: StoreClearBackoffInput): Promise<ClearBackoffResult>;

  /**
   * Creates a machine with `createdAt = now` and its tags' `updatedAt = now`. Returns that
   * `createdAt`; core builds the `Machine` callers see from it and the input.
   */
  createMachine(
    input: StoreCreateMachineInput,
  ): Promise<{ ok: true; createdAt: number } | { ok: false; reason: 'exists' }>;
  /** Upserts tags with `updatedAt = now`. */
  setTags(input: StoreSetTagsInput): Promise<{ ok: true } | { ok: false; reason: 'not-found' }>;
  /** Deletes the named tags (absent ones are ignored). */
  deleteTags(input: StoreDeleteTagsInput): Promise<{ ok: true } | { ok: false; reason: 'not-found' }>;
  /**
   * Refused (`busy`) while live work exists on the machine. Otherwise reaps its expired
   * work (`Expired` events, in token order), deletes its tags, backoffs and the machine. History stays.
   */
  deleteMachine(
    input: StoreDeleteMachineInput,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'busy'; process?: string }>;

  /**
   * Creates every machine of `machines` (ids distinct, checked by core), all with
   * `createdAt = now` and their tags' `updatedAt = now`, in one transaction or script: all or
   * nothing. When some id exists already, writes nothing and names the first such id in input
   * order. At most `LIMITS.bulkWrite` machines (core refuses more); a store runs the whole call
   * as one atomic step (one round trip where it has a server), without blocking its server or
   * its process for longer than such a batch takes.
   */
  createMachines(
    input: StoreCreateMachinesInput,
  ): Promise<{ ok: true; createdAt: number } | { ok: false; reason: 'exists'; machineId: string }>;
  /**
   * Upserts the tags of every machine of `machines` (ids distinct, checked by core) with
   * `updatedAt = now`, in one transaction or script: all or nothing. When some machine does not
   * exist, writes nothing and names the first such id in input order. Bounded as `createMachines`.
   */
  setTagsMany(
    input: StoreSetTagsManyInput,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found'; machineId: string }>;

  /** One machine with its tags, or null. */
  getMachine(input: StoreGetMachineInput): Promise<Machine | null>;
  /** Machines passing the filter, ordered by (createdAt, id), at most `limit`. */
  listMachines(input: StoreListMachinesInput): Promise<Machine[]>;
  /**
   * A page of matching events, oldest first, each with its `id`, at most `limit`, read through
   * an index (per pair, per machine, per process, or all events) so a page costs the same at
   * any depth: without a cursor the most recent `limit`; with `before` the `limit` immediately
   * before that id; with `after` the `limit` immediately after it; with both, the first `limit`
   * strictly between them. A cursor is an id the store could have issued (the event may be
   * gone, pruned, or of another pair: the page is relative to its position); anything else is
   * `bad-cursor` (core has checked it is a non-empty string of at most `LIMITS.historyIdLength`).
   */
  history(input: StoreHistoryInput): Promise<HistoryResult>;
  /**
   * Deletes one batch of old events, atomically: examines at most `limit` events in history
   * order, starting after the id `after` (from the oldest without it), stops at the first one
   * not older than `now - olderThanMs` (`next: null` then, and when the history ends), and
   * deletes the others, except the latest event of a pair that has a stored backoff (active or
   * not), which explains that backoff. Core runs the batches (see `engine.pruneHistory`).
   */
  pruneHistory(input: StorePruneHistoryInput): Promise<PruneBatch>;
  /** Backoffs ordered by (machineId, process), at most `limit`; `active` judged at now. */
  backoffs(input: StoreBackoffsInput): Promise<Backoff[]>;
  /**
   * Sessions the store keeps (closed ones are gone; retired ones may be), ordered by
   * (createdAt, id), at most `limit`; with `aliveOnly`, only those alive at now. `alive` and
   * `liveWork` (the session's work items while it is alive, else 0) are judged at now. A
   * store that must not block its server for long may read in bounded steps (see the module
   * comment).
   */
  listSessions(input: StoreListSessionsInput): Promise<SessionInfo[]>;
  /** Live work only, ordered by token, at most `limit`. */
  activeWork(input: StoreActiveWorkInput): Promise<WorkInfo[]>;
  /** All counts of {@link StoreStats} in one query or script (not one per machine). */
  stats(input: StoreStatsInput): Promise<StoreStats>;

  /**
   * Records the processes an engine declares (`openEngine` calls it after `open()`): each name
   * gets `declaredAt = now`; names recorded before and not in `names` stay as they are (a
   * union: a name, once recorded, is never removed). Idempotent. `names` is non-empty, checked
   * and without duplicates.
   */
  recordProcesses(input: StoreRecordProcessesInput): Promise<void>;
  /**
   * Every process name ever recorded, with when it was last declared, sorted by name
   * (code-unit order). Empty when no engine has declared any.
   */
  knownProcesses(): Promise<RecordedProcess[]>;
}
