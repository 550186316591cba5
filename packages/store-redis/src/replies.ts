import type {
  Backoff,
  HistoryEvent,
  HistoryEventKind,
  Json,
  Machine,
  StoreStats,
  Tag,
  WorkInfo,
} from '@tagout/core';

/** A raw script reply: strings, integers, nulls and nested arrays. */
export type Reply = string | number | null | Reply[];

function list(reply: unknown): Reply[] {
  if (!Array.isArray(reply)) throw new TypeError(`tagout: unexpected Redis reply ${JSON.stringify(reply)}`);
  return reply as Reply[];
}

function text(reply: Reply | undefined): string {
  if (typeof reply === 'string') return reply;
  if (typeof reply === 'number') return String(reply);
  throw new TypeError(`tagout: expected a string in a Redis reply, got ${JSON.stringify(reply)}`);
}

/** A number stored as text by the scripts (shortest round-trip form) or an integer reply. */
export function num(reply: Reply | undefined): number {
  return Number(text(reply));
}

/** The status word that starts every transition reply, and the rest. */
export function status(reply: unknown): { word: string; rest: Reply[] } {
  const [word, ...rest] = list(reply);
  return { word: text(word), rest };
}

/** A machine reply `{ id, createdAt, { name, value, updatedAt, ... } }`. */
export function machine(reply: Reply | undefined): Machine {
  const [id, createdAt, flat] = list(reply);
  const fields = list(flat);
  const tags: [string, Tag][] = [];
  for (let i = 0; i < fields.length; i += 3) {
    tags.push([
      text(fields[i]),
      { value: JSON.parse(text(fields[i + 1])) as Json, updatedAt: num(fields[i + 2]) },
    ]);
  }
  return { id: text(id), createdAt: num(createdAt), tags: Object.fromEntries(tags) };
}

/** A list of machine replies. */
export function machines(reply: unknown): Machine[] {
  return list(reply).map(machine);
}

/** History lines `at event machineId process sessionId token[ cause]`. */
export function historyEvents(reply: unknown): HistoryEvent[] {
  return list(reply).map((line) => {
    const raw = text(line);
    const parts = raw.split(' ', 6);
    const [at, event, machineId, process, sessionId, token] = parts;
    const head = parts.join(' ').length;
    const historyEvent: HistoryEvent = {
      machineId: text(machineId),
      process: text(process),
      event: text(event) as HistoryEventKind,
      at: num(at),
      sessionId: text(sessionId),
      token: num(token),
    };
    if (raw.length > head) historyEvent.cause = raw.slice(head + 1);
    return historyEvent;
  });
}

/** Backoff rows, flat: machineId, process, until, lastIntervalMs, cause, active. */
export function backoffs(reply: unknown): Backoff[] {
  const flat = list(reply);
  const rows: Backoff[] = [];
  for (let i = 0; i < flat.length; i += 6) {
    rows.push({
      machineId: text(flat[i]),
      process: text(flat[i + 1]),
      until: num(flat[i + 2]),
      cause: text(flat[i + 4]),
      lastIntervalMs: num(flat[i + 3]),
      active: flat[i + 5] === 1,
    });
  }
  return rows;
}

/** Work rows, flat: machineId, process, sessionId, token, startedAt. */
export function workItems(reply: unknown): WorkInfo[] {
  const flat = list(reply);
  const rows: WorkInfo[] = [];
  for (let i = 0; i < flat.length; i += 5) {
    rows.push({
      machineId: text(flat[i]),
      process: text(flat[i + 1]),
      sessionId: text(flat[i + 2]),
      token: num(flat[i + 3]),
      startedAt: num(flat[i + 4]),
    });
  }
  return rows;
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
