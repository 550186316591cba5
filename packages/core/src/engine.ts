import { createMachines, type SetTagsManyEntry, setTagsMany } from './bulk-writes.js';
import { EngineContext } from './context.js';
import {
  blockersByProcess,
  checkExclusive,
  checkProcesses,
  type ProcessesOption,
} from './engine-processes.js';
import {
  ClosedError,
  MachineBusyError,
  MachineExistsError,
  NotFoundError,
  StoreConnectionError,
  type TagoutError,
  ValidationError,
} from './errors.js';
import type { EngineEvents, Listener } from './events.js';
import { compileFilter } from './filter.js';
import {
  DEFAULT_LIST_LIMIT,
  type HistoryQuery,
  type PruneHistoryOptions,
  pruneHistory,
  readHistory,
} from './history.js';
import { newId } from './ids.js';
import type { Json } from './json.js';
import { LIMITS } from './limits.js';
import {
  type ClearBackoffInput,
  clearBackoff,
  listSessions,
  type SessionsQuery,
} from './operator-operations.js';
import { checkOptions } from './options.js';
import { LiveSession, type Session, type SessionOptions } from './session.js';
import type { SessionInfo, Store } from './store.js';
import { createdMachine, createdSession } from './store-results.js';
import { checkTagSchemas, tagWriteCheck } from './tag-schemas.js';
import type {
  InferTagInputs,
  InferTags,
  TagName,
  TagSchemaMap,
  TagSchemas,
  TagTypes,
  TagValues,
  UntypedTags,
} from './tag-types.js';
import type { Backoff, Clock, Filter, HistoryEvent, Machine, WorkInfo } from './types.js';
import {
  checkDuration,
  checkLimit,
  checkMachineId,
  checkProcess,
  checkTagNames,
  checkText,
} from './validate.js';
import { checkWaitOptions, type WaitForWorkOptions, type WakeReason, type WakeUp } from './wake-up.js';

/**
 * Options of {@link openEngine}. `Tags` (tag name → value type, as stored and read) and `Inputs`
 * (as written, when a schema transforms) type the engine's tags; untyped by default.
 */
export interface EngineOptions<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags> {
  /** Where state lives: `createSqliteStore()`, `createPostgresStore()`, `createRedisStore()`. */
  store: Store;
  /**
   * The kinds of work this engine accepts, e.g. ['AgentStart', 'Recovery']; the engine records
   * them in the store when it opens. `'discover'`: accept exactly the processes recorded in the
   * store by engines opened before (operator tools that know no process list), recording nothing.
   */
  processes: ProcessesOption;
  /**
   * Groups of processes that never run at the same time on one machine. Not recorded in the
   * store: an engine opened with `processes: 'discover'` that claims work must pass them too.
   */
  exclusive?: readonly (readonly string[])[];
  /** Replaces the store's clock everywhere (tests, simulations). Default: the store's own. */
  clock?: Clock;
  /**
   * Receives errors that cannot be thrown (background heartbeats, cancel), and a store's
   * connection outages and their end (`StoreConnectionError`, once each). Default: console.warn.
   */
  onError?: (error: TagoutError) => void;
  /**
   * How long a dead session (a crashed worker's) is kept, for operators to see, before the
   * store may delete it. Default 1 hour.
   */
  sessionRetentionMs?: number;
  /**
   * Runtime validation of tag values: tag name → a Standard Schema (zod, valibot, arktype, ...).
   * Every write of a tag that has one (`createMachine(s)`, `setTags(Many)`, `finish({ setTags })`)
   * is validated before anything is sent to the store, and the schema's **output** is stored
   * (transforms and defaults apply; it must be JSON). A refused value is a `ValidationError`
   * naming the tag (`tags.Region`, `inputs[3].tags.Region`, `setTags.Region`) with the schema's
   * issues, and nothing changes. Tags without a schema are written unchecked; reads are not
   * validated again. The engine's tag types are inferred from the schemas' output (reads,
   * filters) and input (writes) types.
   */
  tags?: TagSchemas<Tags, Inputs>;
}

/** Input of `engine.createMachine` (`Inputs`: see {@link Engine}). */
export interface CreateMachineInput<Inputs extends TagTypes = UntypedTags> {
  /** The machine's id (a UUID); a fresh one unless given. */
  id?: string;
  /** Its first tags. */
  tags?: TagValues<Inputs>;
}

/**
 * Options of `engine.machines` (`Tags`: see {@link Engine}). (A conditional type, so that
 * TypeScript compares typed and untyped engines structurally: a typed engine is assignable to
 * `Engine`, for code that takes any engine.)
 */
export type MachinesQuery<Tags extends TagTypes = UntypedTags> = Tags extends unknown
  ? {
      /** Only machines passing this filter. */
      where?: Filter<Tags>;
      /** At most this many (default 1000). */
      limit?: number;
    }
  : never;

/** Filters of `engine.backoffs`. */
export interface BackoffsQuery {
  machineId?: string;
  process?: string;
  /** Only backoffs whose `until` is still in the future. Default false. */
  activeOnly?: boolean;
  /** At most this many, the first in (machineId, process) order (default 1000). */
  limit?: number;
}

/** Filters of `engine.activeWork`. */
export interface ActiveWorkQuery {
  machineId?: string;
  process?: string;
  /** At most this many, the lowest tokens first (default 1000). */
  limit?: number;
}

/** The option names of {@link openEngine}: any other is refused. */
const ENGINE_OPTIONS = [
  'store',
  'processes',
  'exclusive',
  'clock',
  'onError',
  'sessionRetentionMs',
  'tags',
] as const;

/** What `engine.stats()` returns. */
export interface EngineStats {
  machines: number;
  liveWork: Record<string, number>;
  activeBackoffs: Record<string, number>;
  tags: Record<string, number>;
}

/**
 * The entry point: machines, tags, sessions and the audit trail over one store. Every
 * options or query object is checked for unknown keys: a misspelled one (`{ machine: id }`)
 * is a ValidationError, never silently ignored.
 *
 * `Tags` maps tag names to their value types as stored and read (`machine.tags.X.value`,
 * filters), `Inputs` to the types their writes take (they differ only where a schema
 * transforms); both default to untyped (`Record<string, Json>`). On a typed engine only declared
 * tag names compile. Types only: what is checked at run time is the `tags` schemas of `openEngine`.
 */
export interface Engine<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags> {
  /** The processes this engine accepts. */
  readonly processes: readonly string[];
  /** Creates a machine (id: a fresh UUID unless given). @throws MachineExistsError, ValidationError. */
  createMachine(input?: CreateMachineInput<Inputs>): Promise<Machine<Tags>>;
  /** One machine, or null. */
  machine(id: string): Promise<Machine<Tags> | null>;
  /** Machines passing `where`, oldest first, at most `limit` (default 1000). @throws ValidationError. */
  machines(options?: MachinesQuery<Tags>): Promise<Machine<Tags>[]>;
  /** Sets tags (upsert) on a machine. @throws NotFoundError, ValidationError. */
  setTags(machineId: string, tags: TagValues<Inputs>): Promise<void>;
  /**
   * Creates up to `LIMITS.bulkWrite` (1,000) machines in one store transaction or script: all or
   * nothing. Each input is checked as by `createMachine` (ids: fresh UUIDs unless given); the
   * call as a whole is refused when it repeats an id, or exceeds `LIMITS.bulkWrite` machines,
   * `LIMITS.bulkWriteTags` tags or `LIMITS.bulkWriteBytes` bytes of tag values (never split:
   * split larger imports into batches yourself, each one committing on its own).
   * Resolves to the created machines in input order, all created at the same `createdAt`.
   * @throws MachineExistsError naming the first input id that exists (nothing created);
   * ValidationError (nothing created).
   */
  createMachines(inputs: readonly CreateMachineInput<Inputs>[]): Promise<Machine<Tags>[]>;
  /**
   * Sets tags (upsert) on up to `LIMITS.bulkWrite` machines in one store transaction or script:
   * all or nothing, with the checks and limits of `createMachines`.
   * @throws NotFoundError naming the first machine of the input that does not exist (nothing
   * written); ValidationError (nothing written).
   */
  setTagsMany(entries: readonly SetTagsManyEntry<Inputs>[]): Promise<void>;
  /** Deletes tags from a machine; absent names are ignored. @throws NotFoundError, ValidationError. */
  deleteTags(machineId: string, names: readonly TagName<Tags>[]): Promise<void>;
  /** Deletes a machine, its tags and backoffs; its history stays. @throws MachineBusyError, NotFoundError. */
  deleteMachine(id: string): Promise<void>;
  /**
   * A page of the audit trail, oldest first: the most recent `limit` (default 1000) events, or
   * the page just `before` or just `after` an event id (both: the first `limit` between them).
   * Page back with `before: page[0].id`, forward with `after: page.at(-1).id`.
   * @throws ValidationError, also for a cursor that is not an id of this store.
   */
  history(query?: HistoryQuery): Promise<HistoryEvent[]>;
  /**
   * Deletes the events older than `olderThanMs` (store clock) in bounded batches, yielding between
   * them, and returns how many it deleted. Keeps the latest event of every pair that still has a
   * backoff. @throws ValidationError, StoreError.
   */
  pruneHistory(options: PruneHistoryOptions): Promise<number>;
  /** Backoffs (all, or only active ones), ordered by machine and process, at most `limit` (default 1000). @throws ValidationError. */
  backoffs(query?: BackoffsQuery): Promise<Backoff[]>;
  /** Live work, ordered by token, at most `limit` (default 1000). @throws ValidationError. */
  activeWork(query?: ActiveWorkQuery): Promise<WorkInfo[]>;
  /**
   * Retry now: ends the pair's active backoff, so a claim can start it at once, and records a
   * `BackoffCleared` event carrying `reason`. The stored interval (the base of the next
   * backoff) is kept unless `resetInterval`, which deletes the backoff, active or not. An
   * inactive backoff without `resetInterval`, or none at all, changes and records nothing.
   * Resolves to whether the backoff was active.
   * @throws ValidationError (nothing changed), NotFoundError for an unknown machine.
   */
  clearBackoff(input: ClearBackoffInput): Promise<boolean>;
  /**
   * Sessions, alive and recently dead (a store deletes retired ones, see `sessionRetentionMs`;
   * closed ones are gone), ordered by (createdAt, id), at most `limit` (default 1000), each with
   * `alive` and its live work count judged now. @throws ValidationError.
   */
  sessions(query?: SessionsQuery): Promise<SessionInfo[]>;
  /**
   * Subscribes to an engine event (claimed, finished, failed, canceled, expired, lost,
   * sessionExpired, storeError). Returns a function that unsubscribes. A throwing listener
   * is reported through `onError`, never propagated.
   */
  on<K extends keyof EngineEvents>(event: K, listener: Listener<EngineEvents[K]>): () => void;
  /**
   * Counts per process of live work and active backoffs (every engine process present, 0
   * when none), machines, and machines per tag name: one store query.
   */
  stats(): Promise<EngineStats>;
  /**
   * Waits until work of `process` may have become eligible, instead of polling: call it after
   * `session.work(process, { where })` resolved to null, then claim again. Resolves with why it
   * woke (see {@link WakeReason}):
   * - `change`: the store signalled a transition naming `process`, a process exclusive with it,
   *   or no process (machines or tags changed), since the last claim of `process` on this engine
   *   that found nothing began. A change committed between that claim and this call ends the wait
   *   at once: no wake-up is lost;
   * - `backoff-ended`: that claim learned when the earliest active backoff of `process` ends
   *   (`retryInMs` from the store), and it has (with a `manualClock`: when the clock is moved
   *   there; with another injected clock: after as many real milliseconds);
   * - `timeout`: `timeoutMs` (default 30 s) passed: the safety poll, for what no store signals
   *   (work of a crashed worker's session becoming claimable, tag ages in `older`/`newer`
   *   filters), for a store that cannot signal (no `subscribe`), and for a lost signal;
   * - `aborted`: `signal` aborted.
   * The engine subscribes to the store at its first wait, once for all its waits, until `close()`.
   * Every result may be spurious (the next claim finds nothing); the `woke` event reports each.
   * @throws ValidationError (an unknown process or option, a bad `timeoutMs`), ClosedError after
   * `close()` or when `close()` runs during the wait.
   */
  waitForWork(process: string, options?: WaitForWorkOptions): Promise<WakeUp>;
  /** Starts a heartbeated session. @throws ValidationError, ClosedError (after `close()`). */
  startSession(options: SessionOptions): Promise<Session<Tags, Inputs>>;
  /** Closes every session this engine started (releasing their work), then the store. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const DEFAULT_SESSION_INTERVAL_MS = 30_000;
const DEFAULT_SESSION_RETENTION_MS = 3_600_000;

/**
 * Opens an engine over a store: checks the options, prepares the store (migrations), records
 * the declared processes in it (or, with `processes: 'discover'`, reads the recorded ones) and
 * returns the engine.
 *
 * Typed tags: with `tags` (a Standard Schema per tag) the engine's tag types are inferred from
 * the schemas and their values validated on every write; `openEngine<MyTags>(...)` types the
 * tags without runtime checks (or with schemas for some of them); without either it is untyped.
 * @example
 * const engine = await openEngine({ store, processes: ['AgentStart'], tags: { Region: z.enum(['eu', 'us']) } });
 * await engine.setTags(id, { Region: 'eu' }); // 'mars' does not compile, and is refused at run time
 * @throws ValidationError for bad options (before the store is opened, except an `exclusive`
 * group naming a process the store does not record, with `'discover'`); NotFoundError with
 * `'discover'` when the store records no process; StoreError if the store cannot be opened.
 * The store is closed again after any failure past its opening, so nothing it created keeps
 * the process alive.
 */
export function openEngine<const Schemas extends TagSchemaMap>(
  options: Omit<EngineOptions, 'tags'> & { tags: Schemas },
): Promise<Engine<InferTags<Schemas>, InferTagInputs<Schemas>>>;
/** Opens an engine (see above), untyped or with the tag types given as `Tags` (and `Inputs`). */
export function openEngine<Tags extends TagTypes = UntypedTags, Inputs extends TagTypes = Tags>(
  options: EngineOptions<Tags, Inputs>,
): Promise<Engine<Tags, Inputs>>;
export async function openEngine(options: EngineOptions): Promise<Engine> {
  checkOptions<EngineOptions>('options', options, ENGINE_OPTIONS);
  if (
    options.store === null ||
    typeof options.store !== 'object' ||
    typeof options.store.claim !== 'function'
  ) {
    throw new ValidationError(
      'store',
      'must be a tagout Store (createSqliteStore(), createPostgresStore(), ...)',
    );
  }
  if (options.clock !== undefined && typeof options.clock?.now !== 'function') {
    throw new ValidationError('clock', 'must have a now() method');
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new ValidationError('onError', 'must be a function');
  }
  const checkTags = tagWriteCheck(checkTagSchemas(options.tags));
  const declared = checkProcesses(options.processes);
  const exclusive = checkExclusive(options.exclusive ?? []);
  const processes = declared === 'discover' ? [] : declared;
  const blockers = blockersByProcess(processes, declared === 'discover' ? [] : exclusive);
  const sessionRetentionMs = checkDuration(
    'sessionRetentionMs',
    options.sessionRetentionMs ?? DEFAULT_SESSION_RETENTION_MS,
  );
  const context = new EngineContext({
    store: options.store,
    clock: options.clock,
    processes,
    blockers,
    sessionRetentionMs,
    onError: options.onError ?? ((error) => console.warn(`tagout: ${error.message}`)),
    checkTags,
  });
  const store = options.store;
  store.watchConnection?.((notice) =>
    context.report(
      notice.state === 'lost'
        ? new StoreConnectionError(false, notice.error)
        : new StoreConnectionError(true),
    ),
  );
  try {
    await context.call('open', () => store.open());
    if (declared !== 'discover') {
      await context.call('recordProcesses', () =>
        store.recordProcesses({ names: declared, ...context.at() }),
      );
    } else {
      const names = await discoverProcesses(context);
      context.accept(names, blockersByProcess(names, exclusive));
    }
  } catch (error) {
    // A failed open may leave a client reconnecting forever: release it, keep open's error.
    await store.close().catch(() => {});
    throw error;
  }
  return new TagoutEngine(context, [...context.processes]);
}

/**
 * The process names recorded in the store.
 * @throws NotFoundError when it records none.
 */
async function discoverProcesses(context: EngineContext): Promise<string[]> {
  const recorded = await context.call('knownProcesses', () => context.store.knownProcesses());
  if (recorded.length === 0) {
    throw new NotFoundError(
      'processes recorded in this store (no engine has declared any yet: open one with its process list first)',
    );
  }
  return recorded.map((process) => process.name);
}

class TagoutEngine implements Engine {
  readonly processes: readonly string[];
  readonly #context: EngineContext;
  readonly #sessions = new Set<LiveSession>();
  #closing: Promise<void> | undefined;

  constructor(context: EngineContext, processes: readonly string[]) {
    this.#context = context;
    this.processes = processes;
  }

  get #store(): Store {
    if (this.#closing !== undefined) throw new ClosedError('engine');
    return this.#context.store;
  }

  async createMachine(input: CreateMachineInput = {}): Promise<Machine> {
    checkOptions<CreateMachineInput>('input', input, ['id', 'tags']);
    const id = input.id === undefined ? newId() : checkMachineId('id', input.id);
    const checked = this.#context.checkTags('tags', input.tags);
    const tags = checked instanceof Promise ? await checked : checked;
    const store = this.#store;
    const result = await this.#context.call('createMachine', () =>
      store.createMachine({ id, tags, ...this.#context.at() }),
    );
    if (!result.ok) throw new MachineExistsError(id);
    return createdMachine({ id, tags }, result.createdAt);
  }

  async machine(id: string): Promise<Machine | null> {
    const machineId = checkMachineId('id', id);
    const store = this.#store;
    return this.#context.call('getMachine', () => store.getMachine({ machineId }));
  }

  async machines(options: MachinesQuery = {}): Promise<Machine[]> {
    checkOptions<MachinesQuery>('options', options, ['where', 'limit']);
    const filter = options.where === undefined ? undefined : compileFilter(options.where);
    const limit = checkLimit('limit', options.limit ?? DEFAULT_LIST_LIMIT);
    const store = this.#store;
    return this.#context.call('listMachines', () =>
      store.listMachines({ ...(filter && { filter }), limit, ...this.#context.at() }),
    );
  }

  async setTags(machineId: string, tags: Record<string, Json>): Promise<void> {
    const id = checkMachineId('machineId', machineId);
    const checked = this.#context.checkTags('tags', tags);
    const writes = checked instanceof Promise ? await checked : checked;
    const store = this.#store;
    const result = await this.#context.call('setTags', () =>
      store.setTags({ machineId: id, tags: writes, ...this.#context.at() }),
    );
    if (!result.ok) throw new NotFoundError(`machine ${id}`);
  }

  async createMachines(inputs: readonly CreateMachineInput[]): Promise<Machine[]> {
    return createMachines(this.#context, this.#store, inputs);
  }

  async setTagsMany(entries: readonly SetTagsManyEntry[]): Promise<void> {
    return setTagsMany(this.#context, this.#store, entries);
  }

  async deleteTags(machineId: string, names: readonly string[]): Promise<void> {
    const id = checkMachineId('machineId', machineId);
    const checked = checkTagNames('names', names);
    const store = this.#store;
    const result = await this.#context.call('deleteTags', () =>
      store.deleteTags({ machineId: id, names: checked, ...this.#context.at() }),
    );
    if (!result.ok) throw new NotFoundError(`machine ${id}`);
  }

  async deleteMachine(id: string): Promise<void> {
    const machineId = checkMachineId('id', id);
    const store = this.#store;
    const result = await this.#context.call('deleteMachine', () =>
      store.deleteMachine({ machineId, ...this.#context.at() }),
    );
    if (result.ok) return;
    if (result.reason === 'busy') throw new MachineBusyError(machineId, result.process);
    throw new NotFoundError(`machine ${machineId}`);
  }

  async history(query: HistoryQuery = {}): Promise<HistoryEvent[]> {
    return readHistory(this.#context, this.#store, query);
  }

  async pruneHistory(options: PruneHistoryOptions): Promise<number> {
    return pruneHistory(this.#context, this.#store, options);
  }

  async backoffs(query: BackoffsQuery = {}): Promise<Backoff[]> {
    checkOptions<BackoffsQuery>('query', query, ['machineId', 'process', 'activeOnly', 'limit']);
    const input = this.#pairQuery(query);
    if (query.activeOnly !== undefined && typeof query.activeOnly !== 'boolean') {
      throw new ValidationError('activeOnly', 'must be a boolean');
    }
    const limit = checkLimit('limit', query.limit ?? DEFAULT_LIST_LIMIT);
    const store = this.#store;
    return this.#context.call('backoffs', () =>
      store.backoffs({ ...input, activeOnly: query.activeOnly ?? false, limit, ...this.#context.at() }),
    );
  }

  async activeWork(query: ActiveWorkQuery = {}): Promise<WorkInfo[]> {
    checkOptions<ActiveWorkQuery>('query', query, ['machineId', 'process', 'limit']);
    const input = this.#pairQuery(query);
    const limit = checkLimit('limit', query.limit ?? DEFAULT_LIST_LIMIT);
    const store = this.#store;
    return this.#context.call('activeWork', () =>
      store.activeWork({ ...input, limit, ...this.#context.at() }),
    );
  }

  async clearBackoff(input: ClearBackoffInput): Promise<boolean> {
    return clearBackoff(this.#context, this.#store, input);
  }

  async sessions(query: SessionsQuery = {}): Promise<SessionInfo[]> {
    return listSessions(this.#context, this.#store, query);
  }

  async stats(): Promise<EngineStats> {
    const store = this.#store;
    const counts = await this.#context.call('stats', () => store.stats(this.#context.at()));
    const perProcess = (found: Record<string, number>) =>
      Object.fromEntries(this.processes.map((process) => [process, found[process] ?? 0]));
    return {
      machines: counts.machines,
      liveWork: perProcess(counts.liveWork),
      activeBackoffs: perProcess(counts.activeBackoffs),
      tags: { ...counts.tags },
    };
  }

  on<K extends keyof EngineEvents>(event: K, listener: Listener<EngineEvents[K]>): () => void {
    return this.#context.events.on(event, listener);
  }

  async waitForWork(process: string, options: WaitForWorkOptions = {}): Promise<WakeUp> {
    const checkedProcess = checkProcess(process, this.#context.processes);
    const checked = checkWaitOptions(options);
    if (this.#closing !== undefined) throw new ClosedError('engine');
    return this.#context.wakes.wait(checkedProcess, checked);
  }

  async startSession(options: SessionOptions): Promise<Session> {
    checkOptions<SessionOptions>('options', options, ['component', 'runtimeInfo', 'intervalMs', 'heartbeat']);
    const component = checkText('component', options.component, LIMITS.componentLength);
    const runtimeInfo = checkText('runtimeInfo', options.runtimeInfo ?? '', LIMITS.runtimeInfoLength, {
      allowEmpty: true,
    });
    const intervalMs = checkDuration('intervalMs', options.intervalMs ?? DEFAULT_SESSION_INTERVAL_MS, {
      positive: true,
    });
    if (options.heartbeat !== undefined && typeof options.heartbeat !== 'boolean') {
      throw new ValidationError('heartbeat', 'must be a boolean');
    }
    const store = this.#store;
    const input = { id: newId(), component, runtimeInfo, intervalMs };
    const created = await this.#context.call('createSession', () =>
      store.createSession({ ...input, retentionMs: this.#context.sessionRetentionMs, ...this.#context.at() }),
    );
    const record = createdSession(input, created);
    const session = new LiveSession(this.#context, record, options.heartbeat ?? true, (ended) =>
      this.#sessions.delete(ended),
    );
    this.#sessions.add(session);
    return session;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #close(): Promise<void> {
    await this.#context.wakes.close();
    const results = await Promise.allSettled([...this.#sessions].map((session) => session.close()));
    for (const result of results) if (result.status === 'rejected') this.#context.report(result.reason);
    await this.#context.call('close', () => this.#context.store.close());
  }

  #pairQuery(query: { machineId?: string; process?: string }): { machineId?: string; process?: string } {
    return {
      ...(query.machineId !== undefined && { machineId: checkMachineId('machineId', query.machineId) }),
      ...(query.process !== undefined && { process: checkProcess(query.process, this.#context.processes) }),
    };
  }
}
