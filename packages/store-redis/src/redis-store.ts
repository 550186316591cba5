import type {
  AtTime,
  Backoff,
  ClaimResult,
  HistoryEvent,
  LostResult,
  Machine,
  SessionExpired,
  SessionRecord,
  Store,
  StoreFilter,
  StoreStats,
  TagWrites,
  WorkInfo,
  WorkRef,
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
}

/**
 * Creates a tagout store on Redis or Redis Cluster. Every operation is one Lua script run
 * by SHA, atomic on the server; time is the server's `TIME` unless the engine injects a clock.
 * @throws TypeError for a malformed prefix.
 */
export function createRedisStore(options: RedisStoreOptions = {}): Store {
  return new RedisStore(options);
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

function nowArg(input: AtTime): string {
  return input.now === undefined ? '' : String(input.now);
}

/** Tags to set as a flat argument list: name, value, name, value, ... */
function tagArgs(tags: TagWrites): string[] {
  return Object.entries(tags).flat();
}

class RedisStore implements Store {
  readonly #client: Redis | Cluster;
  readonly #owned: boolean;
  readonly #base: string;

  constructor(options: RedisStoreOptions) {
    this.#base = namespaceBase(options.prefix ?? DEFAULT_PREFIX);
    this.#owned = options.client === undefined;
    this.#client = options.client ?? new Redis(options.url ?? DEFAULT_URL, { lazyConnect: true });
  }

  #run(name: ScriptName, input: AtTime, args: readonly (string | number)[]): Promise<unknown> {
    return runScript(this.#client, name, this.#base, [nowArg(input), ...args]);
  }

  async open(): Promise<void> {
    if (this.#client.status === 'wait') await this.#client.connect();
  }

  async close(): Promise<void> {
    if (this.#owned && this.#client.status !== 'end') await this.#client.quit();
  }

  async createSession(
    input: AtTime & { id: string; component: string; runtimeInfo: string; intervalMs: number },
  ): Promise<SessionRecord> {
    const reply = await this.#run('session-create', input, [
      input.id,
      input.component,
      input.runtimeInfo,
      String(input.intervalMs),
    ]);
    const { word: createdAt, rest } = replies.status(reply);
    return {
      id: input.id,
      component: input.component,
      runtimeInfo: input.runtimeInfo,
      intervalMs: input.intervalMs,
      createdAt: Number(createdAt),
      deadline: replies.num(rest[0]),
    };
  }

  async heartbeat(
    input: AtTime & { sessionId: string },
  ): Promise<{ ok: true; deadline: number } | SessionExpired> {
    const { word, rest } = replies.status(await this.#run('session-heartbeat', input, [input.sessionId]));
    return word === 'ok'
      ? { ok: true, deadline: replies.num(rest[0]) }
      : { ok: false, reason: 'session-expired' };
  }

  async closeSession(input: AtTime & { sessionId: string }): Promise<{ released: number }> {
    return { released: Number(await this.#run('session-close', input, [input.sessionId])) };
  }

  async claim(
    input: AtTime & {
      sessionId: string;
      process: string;
      blockers: readonly string[];
      target: { machineId: string } | { filter: StoreFilter };
    },
  ): Promise<ClaimResult> {
    const target =
      'machineId' in input.target
        ? ['id', input.target.machineId]
        : ['filter', filterArg(input.target.filter)];
    const reply = await this.#run('claim', input, [
      input.sessionId,
      input.process,
      input.blockers.join(' '),
      ...target,
      String(Math.random()),
    ]);
    const { word, rest } = replies.status(reply);
    switch (word) {
      case 'ok': {
        const [token, startedAt, last, machine] = rest;
        return {
          ok: true,
          work: {
            machine: replies.machine(machine),
            token: replies.num(token),
            startedAt: replies.num(startedAt),
            lastIntervalMs: last === '' ? null : replies.num(last),
          },
        };
      }
      case 'conflict':
        return { ok: false, reason: 'conflict', process: String(rest[0]) };
      case 'backed-off':
        return { ok: false, reason: 'backed-off', until: replies.num(rest[0]), cause: String(rest[1]) };
      case 'session-expired':
      case 'not-found':
      case 'nothing':
        return { ok: false, reason: word };
      default:
        throw new TypeError(`tagout: unexpected claim reply ${word}`);
    }
  }

  async finish(
    input: WorkRef & { setTags: TagWrites; deleteTags: readonly string[] },
  ): Promise<{ ok: true } | LostResult> {
    const reply = await this.#run('finish', input, [
      ...this.#workArgs(input),
      input.deleteTags.join(' '),
      ...tagArgs(input.setTags),
    ]);
    return this.#lostOr(reply, () => ({ ok: true }));
  }

  async fail(
    input: WorkRef & { cause: string; intervalMs: number; delayMs: number },
  ): Promise<{ ok: true; backoff: Backoff } | LostResult> {
    const reply = await this.#run('fail', input, [
      ...this.#workArgs(input),
      input.cause,
      String(input.intervalMs),
      String(input.delayMs),
    ]);
    return this.#lostOr(reply, (rest) => ({
      ok: true,
      backoff: {
        machineId: input.machineId,
        process: input.process,
        until: replies.num(rest[0]),
        cause: input.cause,
        lastIntervalMs: input.intervalMs,
        active: rest[1] === 1,
      },
    }));
  }

  async cancel(
    input: WorkRef,
  ): Promise<{ ok: true; event: 'Canceled' | 'Expired' } | { ok: false; reason: 'lost' }> {
    const { word, rest } = replies.status(await this.#run('cancel', input, this.#workArgs(input)));
    if (word !== 'ok') return { ok: false, reason: 'lost' };
    return { ok: true, event: rest[0] === 'Expired' ? 'Expired' : 'Canceled' };
  }

  async createMachine(
    input: AtTime & { id: string; tags: TagWrites },
  ): Promise<{ ok: true; machine: Machine } | { ok: false; reason: 'exists' }> {
    const { word, rest } = replies.status(
      await this.#run('machine-create', input, [input.id, ...tagArgs(input.tags)]),
    );
    return word === 'ok' ? { ok: true, machine: replies.machine(rest[0]) } : { ok: false, reason: 'exists' };
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
    const { word, rest } = replies.status(await this.#run('machine-delete', input, [input.machineId]));
    if (word === 'ok') return { ok: true };
    if (word === 'busy') return { ok: false, reason: 'busy', process: String(rest[0]) };
    return { ok: false, reason: 'not-found' };
  }

  async getMachine(input: { machineId: string }): Promise<Machine | null> {
    const reply = (await this.#run('machine-get', {}, [input.machineId])) as replies.Reply;
    return reply === null ? null : replies.machine(reply);
  }

  async listMachines(input: AtTime & { filter?: StoreFilter; limit: number }): Promise<Machine[]> {
    const filter = input.filter === undefined ? '' : filterArg(input.filter);
    const found = replies.machines(await this.#run('machine-list', input, [String(input.limit), filter]));
    found.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return found.slice(0, input.limit);
  }

  async history(input: { machineId?: string; process?: string; limit?: number }): Promise<HistoryEvent[]> {
    const reply = await this.#run('history', {}, [
      input.machineId ?? '',
      input.process ?? '',
      input.limit === undefined ? '' : String(input.limit),
    ]);
    return replies.historyEvents(reply);
  }

  async backoffs(
    input: AtTime & { machineId?: string; process?: string; activeOnly: boolean },
  ): Promise<Backoff[]> {
    const reply = await this.#run('backoffs', input, [
      input.machineId ?? '',
      input.process ?? '',
      input.activeOnly ? '1' : '0',
    ]);
    return replies
      .backoffs(reply)
      .sort((a, b) => compareText(a.machineId, b.machineId) || compareText(a.process, b.process));
  }

  async activeWork(input: AtTime & { machineId?: string; process?: string }): Promise<WorkInfo[]> {
    const reply = await this.#run('work-list', input, [input.machineId ?? '', input.process ?? '']);
    return replies.workItems(reply).sort((a, b) => a.token - b.token);
  }

  async stats(input: AtTime): Promise<StoreStats> {
    return replies.stats(await this.#run('stats', input, []));
  }

  #workArgs(input: WorkRef): string[] {
    return [input.sessionId, input.machineId, input.process, String(input.token)];
  }

  #lostOr<T>(reply: unknown, ok: (rest: replies.Reply[]) => T): T | LostResult {
    const { word, rest } = replies.status(reply);
    if (word === 'ok') return ok(rest);
    return word === 'session-expired'
      ? { ok: false, reason: 'session-expired' }
      : { ok: false, reason: 'lost' };
  }

  async #writeTags(
    input: AtTime & { machineId: string },
    names: readonly string[],
    tags: TagWrites,
  ): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    const { word } = replies.status(
      await this.#run('tags-write', input, [input.machineId, names.join(' '), ...tagArgs(tags)]),
    );
    return word === 'ok' ? { ok: true } : { ok: false, reason: 'not-found' };
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
