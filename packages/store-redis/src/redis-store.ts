import type * as contract from '@tagout/core';
import {
  type AtTime,
  type Backoff,
  type ClaimManyResult,
  type ClaimResult,
  type ClearBackoffResult,
  type ConnectionNotice,
  type CreatedSession,
  type EligibilityListener,
  type HistoryEvent,
  type HistoryResult,
  keepListening,
  type LostResult,
  type Machine,
  OPERATOR_SESSION_ID,
  type PruneBatch,
  type RecordedProcess,
  type SessionExpired,
  type SessionInfo,
  type Store,
  type StoreStats,
  type StoreSubscription,
  StoreSubscriptions,
  sequenceOfHistoryId,
  type TagWrites,
  type WorkInfo,
  type WorkRef,
} from '@tagout/core';
import type { Cluster, Redis } from 'ioredis';
import { batchArgs } from './bulk-args.js';
import { ConnectionCloses } from './connection-closes.js';
import { ConnectionWatch } from './connection-watch.js';
import { filterArg } from './filters/filter-args.js';
import { finishManyArgs } from './finish-many-args.js';
import { migrateNamespace } from './migrations/migrate.js';
import { namespaceBase } from './namespace.js';
import { createOwnedClient } from './owned-client.js';
import * as replies from './replies.js';
import { runScript, type ScriptName } from './scripts.js';
import {
  type CheckedRedisStoreOptions,
  checkRedisStoreOptions,
  type RedisStoreOptions,
} from './store-options.js';
import { openSubscriber } from './subscriber.js';

/** Events per `history` script call; a larger (or no) limit is read in several calls. */
const HISTORY_PAGE = 1000;

/**
 * Creates a tagout store on Redis or Redis Cluster. Every operation is one Lua script run
 * by SHA, atomic on the server; time is the server's `TIME` unless the engine injects a clock.
 * Transitions that may make work eligible publish a signal from their script (sharded pub/sub on
 * the namespace's channel `tagout:{<prefix>}:wake`, Redis 7); `subscribe` listens on a connection
 * of its own (see `openSubscriber`).
 * @throws ValidationError for bad options (an unknown key, a malformed prefix or url, ...).
 */
export function createRedisStore(options: RedisStoreOptions = {}): Store {
  return new RedisStore(checkRedisStoreOptions(options));
}

function nowArg(input: AtTime): string {
  return input.now === undefined ? '' : String(input.now);
}

/** Appends tags to set to `args` as name, value, name, value, ... and returns `args`. */
function pushTags(args: string[], tags: TagWrites): string[] {
  for (const name in tags) args.push(name, tags[name]!);
  return args;
}

/**
 * The blockers other than the process itself, in the order given (by name, see `Store.claim`), cached
 * per list: claim.lua checks the process itself first, then these, and names the first that holds the machine.
 */
const otherBlockers = new WeakMap<readonly string[], readonly string[]>();

function othersOf(process: string, blockers: readonly string[]): readonly string[] {
  let others = otherBlockers.get(blockers);
  if (others === undefined) {
    others = blockers.filter((name) => name !== process);
    otherBlockers.set(blockers, others);
  }
  return others;
}

/**
 * Scripts whose second run differs from their first (a second claim takes more work, a second
 * finish reports `lost`, a second prune batch reports only its own deletions): a reply that may
 * come from a re-run is refused, see {@link ConnectionCloses}.
 * The others give the same state and reply when run twice (reads, heartbeats, session create and
 * close, tag writes, seeding).
 */
const ONCE_ONLY: ReadonlySet<ScriptName> = new Set([
  'claim',
  'finish',
  'finish-many',
  'fail',
  'cancel',
  'machine-create',
  'machines-create',
  'machine-delete',
  'backoff-clear',
  'history-prune',
]);

const SESSION_EXPIRED: SessionExpired = Object.freeze({ ok: false, reason: 'session-expired' });
const LOST = Object.freeze({ ok: false, reason: 'lost' } as const);
const OK = Object.freeze({ ok: true } as const);

class RedisStore implements Store {
  readonly #client: Redis | Cluster;
  /** The client tagout created (and closes), or undefined for one it was handed. */
  readonly #owned: Redis | undefined;
  readonly #timeoutMs: number;
  readonly #base: string;
  readonly #budget: string;
  readonly claimScanBudget: number;
  readonly #watch: ConnectionWatch;
  readonly #closes: ConnectionCloses;
  readonly #subscriptions = new StoreSubscriptions();
  /** The hash slot of the signal channel on a Cluster (`CLUSTER KEYSLOT`, asked once). */
  #slot: Promise<number> | undefined;

  constructor(options: CheckedRedisStoreOptions) {
    this.#base = namespaceBase(options.prefix);
    this.claimScanBudget = options.scanBudget;
    this.#budget = String(this.claimScanBudget);
    if ('client' in options) {
      this.#client = options.client;
      this.#timeoutMs = 0;
    } else {
      this.#owned = createOwnedClient(options.url, options.timeoutMs);
      this.#client = this.#owned;
      this.#timeoutMs = options.timeoutMs;
    }
    this.#watch = new ConnectionWatch(this.#client);
    this.#closes = new ConnectionCloses(this.#client);
  }

  /**
   * Runs a script; `args` starts with the `now` argument (see {@link nowArg}). On the client
   * tagout created (no offline queue) it first waits, up to the timeout, for the connection.
   * A transition whose reply crossed a closed connection is refused as an unknown outcome.
   */
  async #run(name: ScriptName, args: readonly string[]): Promise<unknown> {
    if (this.#owned !== undefined && this.#owned.status !== 'ready') await this.#watch.ready(this.#timeoutMs);
    if (!ONCE_ONLY.has(name)) return runScript(this.#client, name, this.#base, args);
    const closes = this.#closes.count;
    const reply = await runScript(this.#client, name, this.#base, args);
    if (this.#closes.count !== closes) {
      // ioredis may have run the script again after the close (see ConnectionCloses): the reply
      // may describe a second run, so the outcome is unknown, and core treats it as such.
      throw new Error(
        `tagout: a Redis connection closed while ${name} was in flight; ioredis may have run it twice, so its outcome is unknown`,
      );
    }
    return reply;
  }

  /** Runs a transition script; its reply, status word first. @throws TypeError on a reply of another shape. */
  async #transition(name: ScriptName, args: readonly string[]): Promise<replies.Reply[]> {
    return replies.status(await this.#run(name, args));
  }

  watchConnection(notify: (notice: ConnectionNotice) => void): void {
    this.#watch.notify = notify;
  }

  /** Connects a client it created, then migrates the namespace if an older release wrote it (see `migrateNamespace`). */
  async open(): Promise<void> {
    this.#watch.attach();
    if (this.#client.status === 'wait') {
      try {
        await this.#client.connect();
      } catch (error) {
        // ioredis rejects with "Connection is closed."; the error event said why.
        this.#owned?.disconnect();
        throw this.#watch.lastError ?? error;
      }
    }
    await migrateNamespace((name, args) => this.#run(name, args));
    this.#watch.startReporting();
  }

  /**
   * Listens on the namespace's signal channel on a connection of its own (one per store, shared
   * by its subscriptions): a duplicate of the client, or on a Cluster a connection to the master
   * serving the channel's slot. Opens a new
   * one (capped backoff) when it breaks or the slot moves, then calls `listener(null)`.
   * @throws the driver's error when it cannot subscribe at first (on Redis before 7.0: unknown
   * command `SSUBSCRIBE`); an Error after `close()`.
   */
  subscribe(listener: EligibilityListener): Promise<StoreSubscription> {
    const channel = `${this.#base}wake`;
    const slot = () => {
      this.#slot ??= (this.#client as Cluster).cluster('KEYSLOT', channel).then(Number, (error: unknown) => {
        this.#slot = undefined;
        throw error;
      });
      return this.#slot;
    };
    return this.#subscriptions.open(listener, (fanOut) =>
      keepListening(fanOut, { listen: (events) => openSubscriber(this.#client, channel, slot, events) }),
    );
  }

  async close(): Promise<void> {
    await this.#subscriptions.closeAll();
    this.#closes.dispose();
    const owned = this.#owned;
    if (owned === undefined) {
      this.#watch.detach();
      return;
    }
    if (owned.status === 'ready') {
      try {
        await owned.quit();
        return;
      } catch {
        // No answer within the timeout: drop the connection instead.
      }
    }
    if (owned.status !== 'end') owned.disconnect();
  }

  async createSession(input: contract.StoreCreateSessionInput): Promise<CreatedSession> {
    const reply = await this.#transition('session-create', [
      nowArg(input),
      input.id,
      input.component,
      input.runtimeInfo,
      String(input.intervalMs),
      String(input.retentionMs),
    ]);
    return { createdAt: replies.num(reply[0]), deadline: replies.num(reply[1]) };
  }

  async heartbeat(
    input: contract.StoreHeartbeatInput,
  ): Promise<{ ok: true; deadline: number } | SessionExpired> {
    const reply = await this.#transition('session-heartbeat', [
      nowArg(input),
      input.sessionId,
      String(input.retentionMs),
    ]);
    return reply[0] === 'ok' ? { ok: true, deadline: replies.num(reply[1]) } : SESSION_EXPIRED;
  }

  async closeSession(input: contract.StoreCloseSessionInput): Promise<{ released: number }> {
    return { released: Number(await this.#run('session-close', [nowArg(input), input.sessionId])) };
  }

  async claim(input: contract.StoreClaimInput): Promise<ClaimResult> {
    const target = input.target;
    const args =
      'machineId' in target
        ? this.#claimArgs(input, 'id', target.machineId, '0', 1)
        : this.#claimArgs(input, 'filter', filterArg(target.filter), String(Math.random()), 1);
    const reply = await this.#transition('claim', args);
    switch (reply[0]) {
      case 'ok':
        return { ok: true, work: replies.claimedWork(reply.slice(1)) };
      case 'conflict':
        return { ok: false, reason: 'conflict', process: replies.text(reply[1]) };
      case 'backed-off':
        return {
          ok: false,
          reason: 'backed-off',
          until: replies.num(reply[1]),
          cause: replies.text(reply[2]),
        };
      case 'nothing':
        return reply[1] === undefined
          ? { ok: false, reason: 'nothing' }
          : { ok: false, reason: 'nothing', retryInMs: replies.num(reply[1]) };
      case 'session-expired':
      case 'not-found':
        return { ok: false, reason: reply[0] };
      default:
        throw new TypeError(`tagout: unexpected claim reply ${String(reply[0])}`);
    }
  }

  /** One run of the claim script in its `many` mode (see claim.lua). */
  async claimMany(input: contract.StoreClaimManyInput): Promise<ClaimManyResult> {
    const args = this.#claimArgs(input, 'many', filterArg(input.filter), String(Math.random()), input.limit);
    const reply = await this.#transition('claim', args);
    if (reply[0] === 'session-expired') return SESSION_EXPIRED;
    if (reply[0] === 'nothing') {
      return reply[1] === undefined
        ? { ok: true, works: [] }
        : { ok: true, works: [], retryInMs: replies.num(reply[1]) };
    }
    if (reply[0] !== 'ok') throw new TypeError(`tagout: unexpected claim reply ${String(reply[0])}`);
    return { ok: true, works: replies.claimedWorks(reply, 1) };
  }

  /** The arguments of the claim script (see claim.lua), the blockers other than the process last. */
  #claimArgs(
    input: Pick<contract.StoreClaimInput, 'now' | 'sessionId' | 'process' | 'blockers'>,
    mode: 'id' | 'filter' | 'many',
    target: string,
    start: string,
    limit: number,
  ): string[] {
    const args = [
      nowArg(input),
      input.sessionId,
      input.process,
      mode,
      target,
      start,
      this.#budget,
      String(limit),
    ];
    const others = othersOf(input.process, input.blockers);
    for (let i = 0; i < others.length; i++) args.push(others[i]!);
    return args;
  }

  async finish(input: contract.StoreFinishInput): Promise<{ ok: true } | LostResult> {
    const args = this.#workArgs(input);
    args.push(input.deleteTags.join(' '));
    const reply = await this.#transition('finish', pushTags(args, input.setTags));
    return reply[0] === 'ok' ? OK : lost(reply);
  }

  /** One run of finish-many.lua: every finish in input order, one script. */
  async finishMany(input: contract.StoreFinishManyInput): Promise<({ ok: true } | LostResult)[]> {
    const reply = await this.#run('finish-many', finishManyArgs(nowArg(input), input.finishes));
    const letters = replies.text(reply as replies.Reply);
    if (letters.length !== input.finishes.length) {
      throw new TypeError(`tagout: unexpected finish-many reply ${JSON.stringify(letters)}`);
    }
    const outcomes: ({ ok: true } | LostResult)[] = [];
    for (const letter of letters) {
      if (letter === 'o') outcomes.push(OK);
      else if (letter === 'l') outcomes.push(LOST);
      else if (letter === 'x') outcomes.push(SESSION_EXPIRED);
      else throw new TypeError(`tagout: unexpected finish-many reply ${JSON.stringify(letters)}`);
    }
    return outcomes;
  }

  async fail(input: contract.StoreFailInput): Promise<{ ok: true; until: number } | LostResult> {
    const args = this.#workArgs(input);
    args.push(input.cause, String(input.intervalMs), String(input.delayMs));
    const reply = await this.#transition('fail', args);
    if (reply[0] !== 'ok') return lost(reply);
    return { ok: true, until: replies.num(reply[1]) };
  }

  async cancel(
    input: contract.StoreCancelInput,
  ): Promise<{ ok: true; event: 'Canceled' | 'Expired' } | { ok: false; reason: 'lost' }> {
    const reply = await this.#transition('cancel', this.#workArgs(input));
    if (reply[0] !== 'ok') return LOST;
    return { ok: true, event: reply[1] === 'Expired' ? 'Expired' : 'Canceled' };
  }

  async clearBackoff(input: contract.StoreClearBackoffInput): Promise<ClearBackoffResult> {
    const reply = await this.#transition('backoff-clear', [
      nowArg(input),
      input.machineId,
      input.process,
      input.resetInterval ? '1' : '0',
      input.reason ?? '',
      OPERATOR_SESSION_ID,
    ]);
    return reply[0] === 'ok' ? { ok: true, active: reply[1] === 1 } : { ok: false, reason: 'not-found' };
  }

  async createMachine(
    input: contract.StoreCreateMachineInput,
  ): Promise<{ ok: true; createdAt: number } | { ok: false; reason: 'exists' }> {
    const reply = await this.#transition('machine-create', pushTags([nowArg(input), input.id], input.tags));
    if (reply[0] !== 'ok') return { ok: false, reason: 'exists' };
    return { ok: true, createdAt: replies.num(reply[1]) };
  }

  setTags(input: contract.StoreSetTagsInput): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    return this.#writeTags(input, [], input.tags);
  }

  /** One `machines-create` script: every id checked, then every machine created. */
  async createMachines(
    input: contract.StoreCreateMachinesInput,
  ): Promise<{ ok: true; createdAt: number } | { ok: false; reason: 'exists'; machineId: string }> {
    const args = batchArgs(
      input.now,
      input.machines.map((m) => [m.id, m.tags] as const),
    );
    const reply = await this.#transition('machines-create', args);
    if (reply[0] === 'ok') return { ok: true, createdAt: replies.num(reply[1]) };
    return { ok: false, reason: 'exists', machineId: replies.text(reply[1]) };
  }

  /** One `tags-write-many` script: every id checked, then every machine's tags set. */
  async setTagsMany(
    input: contract.StoreSetTagsManyInput,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found'; machineId: string }> {
    const args = batchArgs(
      input.now,
      input.machines.map((m) => [m.machineId, m.tags] as const),
    );
    const reply = await this.#transition('tags-write-many', args);
    if (reply[0] === 'ok') return OK;
    return { ok: false, reason: 'not-found', machineId: replies.text(reply[1]) };
  }

  deleteTags(
    input: contract.StoreDeleteTagsInput,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    return this.#writeTags(input, input.names, {});
  }

  async deleteMachine(
    input: contract.StoreDeleteMachineInput,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'busy'; process?: string }> {
    const reply = await this.#transition('machine-delete', [nowArg(input), input.machineId]);
    if (reply[0] === 'ok') return OK;
    if (reply[0] === 'busy') return { ok: false, reason: 'busy', process: replies.text(reply[1]) };
    return { ok: false, reason: 'not-found' };
  }

  async getMachine(input: contract.StoreGetMachineInput): Promise<Machine | null> {
    const reply = (await this.#run('machine-get', ['', input.machineId])) as replies.Reply;
    return reply === null ? null : replies.machine(reply);
  }

  /** One script call per `scanBudget` machines examined, each keeping at most `limit` (see machine-list.lua). */
  listMachines(input: contract.StoreListMachinesInput): Promise<Machine[]> {
    const filter = input.filter === undefined ? '' : filterArg(input.filter);
    return this.#listInSteps(input.limit, replies.machinePage, (left, after) =>
      this.#run('machine-list', [nowArg(input), left, filter, this.#budget, ...after]),
    );
  }

  /**
   * Script calls of at most {@link HISTORY_PAGE} events each: downwards from `before` (or the
   * newest) without `after`, upwards from `after` with it.
   */
  async history(input: contract.StoreHistoryInput): Promise<HistoryResult> {
    const after = input.after === undefined ? '' : sequenceOfHistoryId(input.after);
    const before = input.before === undefined ? '' : sequenceOfHistoryId(input.before);
    if (after === undefined) return { ok: false, reason: 'bad-cursor', cursor: 'after' };
    if (before === undefined) return { ok: false, reason: 'bad-cursor', cursor: 'before' };
    const up = after !== '';
    const pages: HistoryEvent[][] = [];
    let got = 0;
    let edge = String(up ? after : before);
    while (got < input.limit) {
      const size = Math.min(HISTORY_PAGE, input.limit - got);
      const bounds = up ? [String(before), edge] : [edge, ''];
      const page = replies.historyPage(
        await this.#run('history', ['', input.machineId ?? '', input.process ?? '', String(size), ...bounds]),
      );
      pages.push(page.events);
      got += page.events.length;
      if (page.read < size) break;
      edge = page.edge;
    }
    return { ok: true, events: (up ? pages : pages.reverse()).flat() };
  }

  async pruneHistory(input: contract.StorePruneHistoryInput): Promise<PruneBatch> {
    const after = input.after === undefined ? '' : String(sequenceOfHistoryId(input.after) ?? '');
    return replies.pruneBatch(
      await this.#run('history-prune', [
        nowArg(input),
        String(input.olderThanMs),
        String(input.limit),
        after,
      ]),
    );
  }

  async backoffs(input: contract.StoreBackoffsInput): Promise<Backoff[]> {
    const reply = await this.#run('backoffs', [
      nowArg(input),
      input.machineId ?? '',
      input.process ?? '',
      input.activeOnly ? '1' : '0',
    ]);
    return replies
      .backoffs(reply)
      .sort((a, b) => compareText(a.machineId, b.machineId) || compareText(a.process, b.process))
      .slice(0, input.limit);
  }

  /** One script call per `scanBudget` sessions examined, each keeping at most `limit` (see session-list.lua). */
  listSessions(input: contract.StoreListSessionsInput): Promise<SessionInfo[]> {
    const aliveOnly = input.aliveOnly ? '1' : '0';
    return this.#listInSteps(input.limit, replies.sessionPage, (left, after) =>
      this.#run('session-list', [nowArg(input), aliveOnly, left, this.#budget, ...after]),
    );
  }

  async activeWork(input: contract.StoreActiveWorkInput): Promise<WorkInfo[]> {
    const reply = await this.#run('work-list', [nowArg(input), input.machineId ?? '', input.process ?? '']);
    return replies
      .workItems(reply)
      .sort((a, b) => a.token - b.token)
      .slice(0, input.limit);
  }

  async stats(input: contract.StoreStatsInput): Promise<StoreStats> {
    return replies.stats(await this.#run('stats', [nowArg(input)]));
  }

  async recordProcesses(input: contract.StoreRecordProcessesInput): Promise<void> {
    await this.#run('processes-record', [nowArg(input), ...input.names]);
  }

  async knownProcesses(): Promise<RecordedProcess[]> {
    const found = replies.processes(await this.#run('processes-list', ['']));
    return found.sort((a, b) => compareText(a.name, b.name));
  }

  /**
   * Calls a listing script (`step`, given how many items are still wanted and the cursor) until
   * it has `limit` items or the script says it is done.
   */
  async #listInSteps<T>(
    limit: number,
    parse: (reply: unknown) => replies.ListingStep<T>,
    step: (left: string, after: readonly string[]) => Promise<unknown>,
  ): Promise<T[]> {
    const found: T[] = [];
    let after: readonly string[] = ['', ''];
    do {
      const page = parse(await step(String(limit - found.length), after));
      for (const item of page.items) found.push(item);
      after = page.after;
    } while (after[1] !== '' && found.length < limit);
    return found;
  }

  #workArgs(input: WorkRef): string[] {
    return [nowArg(input), input.sessionId, input.machineId, input.process, String(input.token)];
  }

  async #writeTags(
    input: AtTime & { machineId: string },
    names: readonly string[],
    tags: TagWrites,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    const args = pushTags([nowArg(input), input.machineId, names.join(' ')], tags);
    const reply = await this.#transition('tags-write', args);
    return reply[0] === 'ok' ? OK : { ok: false, reason: 'not-found' };
  }
}

/** The refusal of finish or fail. */
function lost(reply: readonly replies.Reply[]): LostResult {
  return reply[0] === 'session-expired' ? SESSION_EXPIRED : LOST;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
