import {
  type Backoff,
  type ClaimedWork,
  type HistoryEvent,
  type HistoryEventKind,
  historyIdOfSequence,
  type Json,
  type Machine,
  type PruneBatch,
  type RecordedProcess,
  type SessionInfo,
  type StoreStats,
  type Tag,
  type WorkInfo,
} from '@tagout/core';

/** A raw script reply: strings, integers, nulls and nested arrays. */
export type Reply = string | number | null | Reply[];

/** A reply that must be a list. @throws TypeError otherwise. */
export function list(reply: unknown): Reply[] {
  if (!Array.isArray(reply)) throw new TypeError(`tagout: unexpected Redis reply ${JSON.stringify(reply)}`);
  return reply as Reply[];
}

export function text(reply: Reply | undefined): string {
  if (typeof reply === 'string') return reply;
  if (typeof reply === 'number') return String(reply);
  throw new TypeError(`tagout: expected a string in a Redis reply, got ${JSON.stringify(reply)}`);
}

/** A number stored as text by the scripts (shortest round-trip form) or an integer reply. */
export function num(reply: Reply | undefined): number {
  return Number(text(reply));
}

/** A transition reply: its status word first (index 0), then the values that go with it. */
export function status(reply: unknown): Reply[] {
  const flat = list(reply);
  if (typeof flat[0] !== 'string')
    throw new TypeError(`tagout: unexpected Redis reply ${JSON.stringify(reply)}`);
  return flat;
}

/**
 * A machine from its stored hash: `c` is createdAt, each `t:<name>` field is
 * `<updatedAt> <canonical JSON>`; other fields (work, backoffs) are skipped.
 */
export function machineFromHash(id: string, flat: readonly Reply[]): Machine {
  let createdAt = Number.NaN;
  const tags: Record<string, Tag> = {};
  for (let i = 0; i < flat.length; i += 2) {
    const field = text(flat[i]);
    if (field === 'c') createdAt = num(flat[i + 1]);
    else if (field.startsWith('t:')) {
      const raw = text(flat[i + 1]);
      const space = raw.indexOf(' ');
      tags[field.slice(2)] = {
        value: JSON.parse(raw.slice(space + 1)) as Json,
        updatedAt: Number(raw.slice(0, space)),
      };
    }
  }
  return { id, createdAt, tags };
}

/** A claimed work from its token, startedAt and lastIntervalMs ('' for none) as claim.lua replies them. */
function work(
  token: Reply | undefined,
  startedAt: Reply | undefined,
  last: Reply | undefined,
  machine: Machine,
): ClaimedWork {
  return {
    machine,
    token: num(token),
    startedAt: num(startedAt),
    lastIntervalMs: last === '' ? null : num(last),
  };
}

/** A claimed work `{ token, startedAt, lastIntervalMs | '', machine }` (see claim.lua). */
export function claimedWork(reply: readonly Reply[]): ClaimedWork {
  return work(reply[0], reply[1], reply[2], machine(reply[3]));
}

/**
 * The works of a batched claim's flat reply (see claim.lua): startedAt at index `from`, then four
 * values per work: token, lastIntervalMs | '', machine id, HGETALL of the machine hash.
 */
export function claimedWorks(flat: readonly Reply[], from: number): ClaimedWork[] {
  const works: ClaimedWork[] = [];
  const startedAt = flat[from];
  for (let i = from + 1; i < flat.length; i += 4) {
    works.push(work(flat[i], startedAt, flat[i + 1], machineFromHash(text(flat[i + 2]), list(flat[i + 3]))));
  }
  return works;
}

/** A machine reply `{ id, HGETALL of its hash }`. */
export function machine(reply: Reply | undefined): Machine {
  const [id, flat] = list(reply);
  return machineFromHash(text(id), list(flat));
}

/**
 * The rows of a flat reply: from index `from` on, `width` values each, each made a T by `row`
 * (given that row's values).
 */
function rows<T>(
  flat: readonly Reply[],
  from: number,
  width: number,
  row: (values: readonly Reply[]) => T,
): T[] {
  const found: T[] = [];
  for (let i = from; i < flat.length; i += width) found.push(row(flat.slice(i, i + width)));
  return found;
}

/** A step of a listing: its items, and where the next step starts (`['', '']`: done). */
export interface ListingStep<T> {
  items: T[];
  /** The sort key (createdAt, id) of the last item examined, when the listing must go on. */
  after: [string, string];
}

/** A listing reply `{ cursor createdAt, cursor id, then `width` values per item }`. */
function listingStep<T>(
  reply: unknown,
  width: number,
  item: (values: readonly Reply[]) => T,
): ListingStep<T> {
  const flat = list(reply);
  return { items: rows(flat, 2, width, item), after: [text(flat[0]), text(flat[1])] };
}

/** The machine-list reply `{ cursor createdAt, cursor id, machine, ... }`. */
export function machinePage(reply: unknown): ListingStep<Machine> {
  return listingStep(reply, 1, ([found]) => machine(found));
}

/** The session-list reply `{ cursor createdAt, cursor id, then 8 values per session }`. */
export function sessionPage(reply: unknown): ListingStep<SessionInfo> {
  return listingStep(
    reply,
    8,
    ([id, component, runtimeInfo, interval, created, deadline, alive, liveWork]) => ({
      id: text(id),
      component: text(component),
      runtimeInfo: text(runtimeInfo),
      intervalMs: num(interval),
      createdAt: num(created),
      deadline: num(deadline),
      alive: alive === 1,
      liveWork: num(liveWork),
    }),
  );
}

/** A history line `at event machineId process sessionId token[ cause]`, stored under sequence `seq`. */
function historyEvent(seq: string, raw: string): HistoryEvent {
  const parts = raw.split(' ', 6);
  const [at, event, machineId, process, sessionId, token] = parts;
  const head = parts.join(' ').length;
  const historyEvent: HistoryEvent = {
    id: historyIdOfSequence(seq),
    machineId: text(machineId),
    process: text(process),
    event: text(event) as HistoryEventKind,
    at: num(at),
    sessionId: text(sessionId),
    token: num(token),
  };
  if (raw.length > head) historyEvent.cause = raw.slice(head + 1);
  return historyEvent;
}

/** A page of history, oldest first, and where the next page in the same direction starts. */
export interface HistoryPage {
  events: HistoryEvent[];
  /** How many sequence numbers the index gave (a page shorter than asked is the last). */
  read: number;
  /** The last of them in the direction read (the lowest going down, the highest going up). */
  edge: string;
}

/** The history reply `{ read, edge, seq, line, seq, line, ... }`. */
export function historyPage(reply: unknown): HistoryPage {
  const flat = list(reply);
  const events = rows(flat, 2, 2, ([seq, line]) => historyEvent(text(seq), text(line)));
  return { events, read: num(flat[0]), edge: text(flat[1]) };
}

/** The history-prune reply `{ deleted, now, next }` (`next`: a sequence number, or '' when done). */
export function pruneBatch(reply: unknown): PruneBatch {
  const [deleted, now, next] = list(reply);
  return {
    deleted: num(deleted),
    now: num(now),
    next: text(next) === '' ? null : historyIdOfSequence(text(next)),
  };
}

/** Backoff rows, flat: machineId, process, until, lastIntervalMs, cause, active. */
export function backoffs(reply: unknown): Backoff[] {
  return rows(list(reply), 0, 6, ([machineId, process, until, last, cause, active]) => ({
    machineId: text(machineId),
    process: text(process),
    until: num(until),
    cause: text(cause),
    lastIntervalMs: num(last),
    active: active === 1,
  }));
}

/** Work rows, flat: machineId, process, sessionId, token, startedAt. */
export function workItems(reply: unknown): WorkInfo[] {
  return rows(list(reply), 0, 5, ([machineId, process, sessionId, token, startedAt]) => ({
    machineId: text(machineId),
    process: text(process),
    sessionId: text(sessionId),
    token: num(token),
    startedAt: num(startedAt),
  }));
}

/** The processes-list reply, flat: name, declaredAt, ... (HGETALL of the record). */
export function processes(reply: unknown): RecordedProcess[] {
  return rows(list(reply), 0, 2, ([name, declaredAt]) => ({ name: text(name), declaredAt: num(declaredAt) }));
}

/** Which count of {@link StoreStats} each kind letter of the stats reply fills. */
const STATS_KINDS = { w: 'liveWork', b: 'activeBackoffs', t: 'tags' } as const;

/** The stats reply, flat: machines, then kind ('w' | 'b' | 't'), name, count, ... */
export function stats(reply: unknown): StoreStats {
  const flat = list(reply);
  const result: StoreStats = { machines: num(flat[0]), liveWork: {}, activeBackoffs: {}, tags: {} };
  for (let i = 1; i < flat.length; i += 3) {
    const kind = STATS_KINDS[text(flat[i]) as keyof typeof STATS_KINDS];
    if (kind === undefined) throw new TypeError(`tagout: unexpected stats kind ${JSON.stringify(flat[i])}`);
    result[kind][text(flat[i + 1])] = num(flat[i + 2]);
  }
  return result;
}
