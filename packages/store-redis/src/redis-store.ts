import {
  type AtTime,
  type Backoff,
  type ClaimResult,
  type HistoryEvent,
  type HistoryResult,
  type Json,
  type LostResult,
  type Machine,
  type PruneBatch,
  type SessionExpired,
  type SessionRecord,
  type Store,
  type StoreFilter,
  type StoreStats,
  sequenceOfHistoryId,
  type TagWrites,
  ValidationError,
  type WorkInfo,
  type WorkRef,
} from '@tagout/core';
import { type Cluster, Redis } from 'ioredis';
import { filterArg } from './filter-args.js';
import { DEFAULT_PREFIX, namespaceBase } from './namespace.js';
import * as replies from './replies.js';
import { runScript, type ScriptName } from './scripts.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** A connected (or lazily connecting) ioredis client or Cluster; tagout never closes it. */
  client?: Redis | Cluster;
  /** Where to connect when no client is given. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Namespace: every key is `tagout:{<prefix>}:...`. Default `tagout`. */
  prefix?: string;
  /**
   * The most machines one script call examines: a claim by filter (see
   * {@link Store.claimScanBudget}), one step of a listing. Default {@link DEFAULT_SCAN_BUDGET}.
   */
  scanBudget?: number;
}

/** The default {@link RedisStoreOptions.scanBudget}: about 2–5 ms of Redis time per call. */
export const DEFAULT_SCAN_BUDGET = 1000;

/** Events per `history` script call; a larger (or no) limit is read in several calls. */
const HISTORY_PAGE = 1000;

/** Legacy history events moved per `history-upgrade` script call (see `open`). */
const UPGRADE_BATCH = 1000;

/**
 * Creates a tagout store on Redis or Redis Cluster. Every operation is one Lua script run
 * by SHA, atomic on the server; time is the server's `TIME` unless the engine injects a clock.
 * @throws TypeError for a malformed prefix.
 * @throws ValidationError when `scanBudget` is not an integer from 1 to 100,000.
 */
export function createRedisStore(options: RedisStoreOptions = {}): Store {
  return new RedisStore(options);
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

function nowArg(input: AtTime): string {
  return input.now === undefined ? '' : String(input.now);
}

/** Appends tags to set to `args` as name, value, name, value, ... and returns `args`. */
function pushTags(args: string[], tags: TagWrites): string[] {
  for (const name in tags) args.push(name, tags[name]!);
  return args;
}

/** The blockers other than the process itself (the engine lists the process first), cached per list. */
const otherBlockers = new WeakMap<readonly string[], readonly string[]>();

function othersOf(process: string, blockers: readonly string[]): readonly string[] {
  let others = otherBlockers.get(blockers);
  if (others === undefined) {
    others = blockers.filter((name) => name !== process);
    otherBlockers.set(blockers, others);
  }
  return others;
}

const SESSION_EXPIRED: SessionExpired = Object.freeze({ ok: false, reason: 'session-expired' });
const LOST = Object.freeze({ ok: false, reason: 'lost' } as const);
const OK = Object.freeze({ ok: true } as const);

class RedisStore implements Store {
  readonly #client: Redis | Cluster;
  readonly #owned: boolean;
  readonly #base: string;
  readonly #budget: string;
  readonly claimScanBudget: number;

  constructor(options: RedisStoreOptions) {
    this.#base = namespaceBase(options.prefix ?? DEFAULT_PREFIX);
    this.claimScanBudget = checkScanBudget(options.scanBudget ?? DEFAULT_SCAN_BUDGET);
    this.#budget = String(this.claimScanBudget);
    this.#owned = options.client === undefined;
    this.#client = options.client ?? new Redis(options.url ?? DEFAULT_URL, { lazyConnect: true });
  }

  /** Runs a script; `args` starts with the `now` argument (see {@link nowArg}). */
  #run(name: ScriptName, args: readonly string[]): Promise<unknown> {
    return runScript(this.#client, name, this.#base, args);
  }

  /** Connects a client it created, then upgrades the namespace's history if an older release wrote it. */
  async open(): Promise<void> {
    if (this.#client.status === 'wait') await this.#client.connect();
    while (Number(await this.#run('history-upgrade', ['', String(UPGRADE_BATCH)])) > 0);
  }

  async close(): Promise<void> {
    if (this.#owned && this.#client.status !== 'end') await this.#client.quit();
  }

  async createSession(
    input: AtTime & { id: string; component: string; runtimeInfo: string; intervalMs: number },
  ): Promise<SessionRecord> {
    const reply = replies.status(
      await this.#run('session-create', [
        nowArg(input),
        input.id,
        input.component,
        input.runtimeInfo,
        String(input.intervalMs),
      ]),
    );
    return {
      id: input.id,
      component: input.component,
      runtimeInfo: input.runtimeInfo,
      intervalMs: input.intervalMs,
      createdAt: replies.num(reply[0]),
      deadline: replies.num(reply[1]),
    };
  }

  async heartbeat(
    input: AtTime & { sessionId: string },
  ): Promise<{ ok: true; deadline: number } | SessionExpired> {
    const reply = replies.status(await this.#run('session-heartbeat', [nowArg(input), input.sessionId]));
    return reply[0] === 'ok' ? { ok: true, deadline: replies.num(reply[1]) } : SESSION_EXPIRED;
  }

  async closeSession(input: AtTime & { sessionId: string }): Promise<{ released: number }> {
    return { released: Number(await this.#run('session-close', [nowArg(input), input.sessionId])) };
  }

  async claim(
    input: AtTime & {
      sessionId: string;
      process: string;
      blockers: readonly string[];
      target: { machineId: string } | { filter: StoreFilter };
    },
  ): Promise<ClaimResult> {
    const target = input.target;
    const args =
      'machineId' in target
        ? [nowArg(input), input.sessionId, input.process, 'id', target.machineId, '0', this.#budget]
        : [
            nowArg(input),
            input.sessionId,
            input.process,
            'filter',
            filterArg(target.filter),
            String(Math.random()),
            this.#budget,
          ];
    const others = othersOf(input.process, input.blockers);
    for (let i = 0; i < others.length; i++) args.push(others[i]!);
    const reply = replies.status(await this.#run('claim', args));
    switch (reply[0]) {
      case 'ok':
        return {
          ok: true,
          work: {
            machine: replies.machine(reply[4]),
            token: replies.num(reply[1]),
            startedAt: replies.num(reply[2]),
            lastIntervalMs: reply[3] === '' ? null : replies.num(reply[3]),
          },
        };
      case 'conflict':
        return { ok: false, reason: 'conflict', process: replies.text(reply[1]) };
      case 'backed-off':
        return {
          ok: false,
          reason: 'backed-off',
          until: replies.num(reply[1]),
          cause: replies.text(reply[2]),
        };
      case 'session-expired':
      case 'not-found':
      case 'nothing':
        return { ok: false, reason: reply[0] };
      default:
        throw new TypeError(`tagout: unexpected claim reply ${String(reply[0])}`);
    }
  }

  async finish(
    input: WorkRef & { setTags: TagWrites; deleteTags: readonly string[] },
  ): Promise<{ ok: true } | LostResult> {
    const args = this.#workArgs(input);
    args.push(input.deleteTags.join(' '));
    const reply = replies.status(await this.#run('finish', pushTags(args, input.setTags)));
    return reply[0] === 'ok' ? OK : lost(reply);
  }

  async fail(
    input: WorkRef & { cause: string; intervalMs: number; delayMs: number },
  ): Promise<{ ok: true; backoff: Backoff } | LostResult> {
    const args = this.#workArgs(input);
    args.push(input.cause, String(input.intervalMs), String(input.delayMs));
    const reply = replies.status(await this.#run('fail', args));
    if (reply[0] !== 'ok') return lost(reply);
    return {
      ok: true,
      backoff: {
        machineId: input.machineId,
        process: input.process,
        until: replies.num(reply[1]),
        cause: input.cause,
        lastIntervalMs: input.intervalMs,
        active: reply[2] === 1,
      },
    };
  }

  async cancel(
    input: WorkRef,
  ): Promise<{ ok: true; event: 'Canceled' | 'Expired' } | { ok: false; reason: 'lost' }> {
    const reply = replies.status(await this.#run('cancel', this.#workArgs(input)));
    if (reply[0] !== 'ok') return LOST;
    return { ok: true, event: reply[1] === 'Expired' ? 'Expired' : 'Canceled' };
  }

  async createMachine(
    input: AtTime & { id: string; tags: TagWrites },
  ): Promise<{ ok: true; machine: Machine } | { ok: false; reason: 'exists' }> {
    const reply = replies.status(
      await this.#run('machine-create', pushTags([nowArg(input), input.id], input.tags)),
    );
    if (reply[0] !== 'ok') return { ok: false, reason: 'exists' };
    const createdAt = replies.num(reply[1]);
    const tags: Machine['tags'] = {};
    for (const name in input.tags) {
      tags[name] = { value: JSON.parse(input.tags[name]!) as Json, updatedAt: createdAt };
    }
    return { ok: true, machine: { id: input.id, createdAt, tags } };
  }

  setTags(
    input: AtTime & { machineId: string; tags: TagWrites },
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    return this.#writeTags(input, [], input.tags);
  }

  deleteTags(
    input: AtTime & { machineId: string; names: readonly string[] },
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    return this.#writeTags(input, input.names, {});
  }

  async deleteMachine(
    input: AtTime & { machineId: string },
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'busy'; process?: string }> {
    const reply = replies.status(await this.#run('machine-delete', [nowArg(input), input.machineId]));
    if (reply[0] === 'ok') return OK;
    if (reply[0] === 'busy') return { ok: false, reason: 'busy', process: replies.text(reply[1]) };
    return { ok: false, reason: 'not-found' };
  }

  async getMachine(input: { machineId: string }): Promise<Machine | null> {
    const reply = (await this.#run('machine-get', ['', input.machineId])) as replies.Reply;
    return reply === null ? null : replies.machine(reply);
  }

  /** One script call per `scanBudget` machines examined, each keeping at most `limit` (see machine-list.lua). */
  async listMachines(input: AtTime & { filter?: StoreFilter; limit: number }): Promise<Machine[]> {
    const filter = input.filter === undefined ? '' : filterArg(input.filter);
    const found: Machine[] = [];
    let after = ['', ''];
    do {
      const page = replies.machinePage(
        await this.#run('machine-list', [
          nowArg(input),
          String(input.limit - found.length),
          filter,
          this.#budget,
          ...after,
        ]),
      );
      for (const machine of page.machines) found.push(machine);
      after = page.after;
    } while (after[1] !== '' && found.length < input.limit);
    return found;
  }

  /**
   * Script calls of at most {@link HISTORY_PAGE} events each: downwards from `before` (or the
   * newest) without `after`, upwards from `after` with it.
   */
  async history(input: {
    machineId?: string;
    process?: string;
    after?: string;
    before?: string;
    limit: number;
  }): Promise<HistoryResult> {
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

  async pruneHistory(
    input: AtTime & { olderThanMs: number; after?: string; limit: number },
  ): Promise<PruneBatch> {
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

  async backoffs(
    input: AtTime & { machineId?: string; process?: string; activeOnly: boolean; limit: number },
  ): Promise<Backoff[]> {
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

  async activeWork(
    input: AtTime & { machineId?: string; process?: string; limit: number },
  ): Promise<WorkInfo[]> {
    const reply = await this.#run('work-list', [nowArg(input), input.machineId ?? '', input.process ?? '']);
    return replies
      .workItems(reply)
      .sort((a, b) => a.token - b.token)
      .slice(0, input.limit);
  }

  async stats(input: AtTime): Promise<StoreStats> {
    return replies.stats(await this.#run('stats', [nowArg(input)]));
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
    const reply = replies.status(await this.#run('tags-write', args));
    return reply[0] === 'ok' ? OK : { ok: false, reason: 'not-found' };
  }
}

/** The refusal of finish or fail. */
function lost(reply: readonly replies.Reply[]): LostResult {
  return reply[0] === 'session-expired' ? SESSION_EXPIRED : LOST;
}

function checkScanBudget(budget: unknown): number {
  if (!Number.isInteger(budget) || (budget as number) < 1 || (budget as number) > 100_000) {
    throw new ValidationError('scanBudget', 'must be an integer from 1 to 100,000');
  }
  return budget as number;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
