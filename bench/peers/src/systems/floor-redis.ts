/**
 * The floor on Redis: a drain that makes, per item, exactly the writes tagout's contract requires
 * of a claim and a finish on Redis, in tagout's key layout (see store-redis's
 * `lua/includes/namespace.lua`), done in sets: one Lua script per batch of claims, one per batch
 * of finishes, on one connection, with the next claim sent while the last finish is on its way.
 * Its rate in the same run is the ceiling tagout-on-Redis could reach with its contracted writes;
 * the gap between the two is what the engine around those writes costs.
 *
 * What it leaves out is the engine's: the filter walk (tagout examines candidates of an index and
 * evaluates `where` on each, and keeps a claim cursor in 'cur'; the floor pops ids off a list
 * `todo`, its stand-in for "eligible", a write tagout does not make), session liveness (no session
 * hash is created or read: the session id is only a name in the work items), signals (no SPUBLISH:
 * an idle floor polls every {@link IDLE_POLL_MS} ms, so it is measured in the drain only,
 * `drainOnly`), and a claim's checks of the machine's existence, of the other processes' pairs and
 * of its backoff, and the machine read (HGETALL) it replies with (the floor replies with the field
 * `t:Sent` only). The one check it keeps is the finish's fencing check: the pair field still holds
 * the claim's session and token.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { dropRedisNamespace, namespaceBase, Redis } from '@tagout/store-redis';
import type { Consumer, PeerContext, PeerSystem, Producer } from '../system.js';
import { packageVersion } from '../versions.js';
import { inBatches } from './in-batches.js';

/** The process every work item belongs to, as in the tagout system. */
const PROCESS = 'Bench';
/** Machines one seed script creates. */
const SEED_BATCH = 1000;
/** Items claimed ahead of the free slots: the tagout system's default `prefetch`. */
const PREFETCH = 256;
/** How long the consumer waits after a claim that found nothing (it has no signals to wait on). */
const IDLE_POLL_MS = 5;
/** After a failed script, how long the consumer waits before it goes on. */
const ERROR_DELAY_MS = 100;

/**
 * The Lua every script starts with: the key base, the machine key, and a variadic call over lists
 * longer than `unpack` takes (slices of at most 4,000 values, as store-redis's `call_in_slices`).
 */
const PRELUDE = `local B = KEYS[1]
local function machine_key(id)
  return B .. 'm:' .. id
end
local function call_in_slices(command, key, list)
  local total = 0
  for i = 1, #list, 4000 do
    total = total + redis.call(command, key, unpack(list, i, math.min(i + 3999, #list)))
  end
  return total
end
`;

/**
 * History events as tagout's `history_flush` writes them: one INCRBY of 'hseq', one HSET of 'he',
 * one ZADD of 'hx' and of the process index, one SADD of 'hp', and per event one ZADD of its
 * pair's index. `events` is a list of { line, machineId } of the process {@link PROCESS}.
 */
const HISTORY = `local function history_write(events)
  local count = #events
  if count == 0 then
    return
  end
  local first = redis.call('INCRBY', B .. 'hseq', count) - count
  local lines, all = {}, {}
  for i, event in ipairs(events) do
    local seq = string.format('%.17g', first + i)
    local id = event[2]
    lines[#lines + 1] = seq
    lines[#lines + 1] = event[1]
    all[#all + 1] = seq
    all[#all + 1] = seq
    redis.call('ZADD', B .. 'hxmp:' .. id .. ':${PROCESS}', seq, seq)
  end
  call_in_slices('HSET', B .. 'he', lines)
  call_in_slices('ZADD', B .. 'hx', all)
  call_in_slices('ZADD', B .. 'hxp:${PROCESS}', all)
  redis.call('SADD', B .. 'hp', '${PROCESS}')
end
`;

/**
 * Seed: ARGV = now, then machine ids. Creates each machine as tagout does without tags (its hash
 * with 'c', one ZADD of 'ms' for all) and makes it eligible (one RPUSH of 'todo' for all).
 */
const SEED = `${PRELUDE}
local now = ARGV[1]
local listed, ids = {}, {}
for i = 2, #ARGV do
  local id = ARGV[i]
  redis.call('HSET', machine_key(id), 'c', now)
  listed[#listed + 1] = now
  listed[#listed + 1] = id
  ids[#ids + 1] = id
end
call_in_slices('ZADD', B .. 'ms', listed)
call_in_slices('RPUSH', B .. 'todo', ids)
return #ids`;

/**
 * Produce: ARGV = now, machine id, sentAtUs. Creates one machine with the tag Sent as tagout's
 * createMachine writes it (hash fields 'c' and 't:Sent', 'ms', the tag's index 'ti:Sent' and the
 * names set 'tn'), and makes it eligible.
 */
const PRODUCE = `${PRELUDE}
local now, id = ARGV[1], ARGV[2]
redis.call('HSET', machine_key(id), 'c', now, 't:Sent', now .. ' ' .. ARGV[3])
if redis.call('ZADD', B .. 'ti:Sent', now, id) == 1 then
  redis.call('SADD', B .. 'tn', 'Sent')
end
redis.call('ZADD', B .. 'ms', now, id)
redis.call('RPUSH', B .. 'todo', id)
return 1`;

/**
 * Claim: ARGV = now, sessionId, limit. Pops up to `limit` eligible ids and takes each as tagout's
 * claim does: fencing tokens from one INCRBY of 'tok', the pair field 'p:Bench' (work, no
 * backoff), the work index 'wt' (one ZADD), the session's work count 'sw' (one HINCRBY) and a
 * Started event each. Reply: id, token, the 't:Sent' field ('' without) for each, in token order.
 */
const CLAIM = `${PRELUDE}${HISTORY}
local now, sid = ARGV[1], ARGV[2]
local ids = redis.call('LPOP', B .. 'todo', tonumber(ARGV[3]))
if not ids then
  return {}
end
local count = #ids
local first = redis.call('INCRBY', B .. 'tok', count) - count
local works, events, reply = {}, {}, {}
for i, id in ipairs(ids) do
  local token = string.format('%.17g', first + i)
  local key = machine_key(id)
  redis.call('HSET', key, 'p:${PROCESS}', sid .. ' ' .. token .. ' ' .. now .. '|')
  works[#works + 1] = token
  works[#works + 1] = id .. ' ${PROCESS} ' .. sid
  events[i] = { now .. ' Started ' .. id .. ' ${PROCESS} ' .. sid .. ' ' .. token, id }
  reply[#reply + 1] = id
  reply[#reply + 1] = token
  reply[#reply + 1] = redis.call('HGET', key, 't:Sent') or ''
end
call_in_slices('ZADD', B .. 'wt', works)
redis.call('HINCRBY', B .. 'sw', sid, count)
history_write(events)
return reply`;

/**
 * Finish: ARGV = now, sessionId, then id, token of each work item. Finishes each item whose pair
 * field still holds the session's work with that token (the fencing check of tagout's finish) as
 * tagout's finish with `setTags: { Done: true }` does: the work index 'wt' (one ZREM for all),
 * the tag Done (HSET of the hash, one ZADD of 'ti:Done' for all, 'tn' when the index grew), the
 * pair field (HDEL), the session's work count (one HINCRBY, the field deleted at 0) and a
 * Finished event each. Reply: the number of items lost (failed the fencing check).
 */
const FINISH = `${PRELUDE}${HISTORY}
local now, sid = ARGV[1], ARGV[2]
local done_value = now .. ' true'
local works, done, events = {}, {}, {}
local lost = 0
for i = 3, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local key = machine_key(id)
  local raw = redis.call('HGET', key, 'p:${PROCESS}')
  local head = sid .. ' ' .. token .. ' '
  if raw and string.sub(raw, 1, #head) == head then
    works[#works + 1] = id .. ' ${PROCESS} ' .. sid
    redis.call('HSET', key, 't:Done', done_value)
    redis.call('HDEL', key, 'p:${PROCESS}')
    done[#done + 1] = now
    done[#done + 1] = id
    events[#events + 1] = { now .. ' Finished ' .. id .. ' ${PROCESS} ' .. sid .. ' ' .. token, id }
  else
    lost = lost + 1
  end
end
if #works > 0 then
  local closed = call_in_slices('ZREM', B .. 'wt', works)
  if closed > 0 and redis.call('HINCRBY', B .. 'sw', sid, -closed) <= 0 then
    redis.call('HDEL', B .. 'sw', sid)
  end
  if call_in_slices('ZADD', B .. 'ti:Done', done) > 0 then
    redis.call('SADD', B .. 'tn', 'Done')
  end
end
history_write(events)
return lost`;

/** The floor's scripts as ioredis commands (EVALSHA), each with KEYS = [the namespace base]. */
interface FloorCommands {
  floorSeed(base: string, now: number, ...ids: string[]): Promise<number>;
  floorProduce(base: string, now: number, id: string, sentAtUs: number): Promise<number>;
  floorClaim(base: string, now: number, sid: string, limit: number): Promise<string[]>;
  floorFinish(base: string, now: number, sid: string, ...works: string[]): Promise<number>;
}

/** A connection to `context`'s Redis with the floor's scripts defined on it. */
function connect(context: PeerContext): { client: Redis; commands: FloorCommands } {
  const client = new Redis(context.redisUrl);
  client.defineCommand('floorSeed', { numberOfKeys: 1, lua: SEED });
  client.defineCommand('floorProduce', { numberOfKeys: 1, lua: PRODUCE });
  client.defineCommand('floorClaim', { numberOfKeys: 1, lua: CLAIM });
  client.defineCommand('floorFinish', { numberOfKeys: 1, lua: FINISH });
  return { client, commands: client as unknown as FloorCommands };
}

async function openProducer(context: PeerContext): Promise<Producer> {
  const base = namespaceBase(context.namespace);
  const { client, commands } = connect(context);
  return {
    seed: (count) =>
      inBatches(count, SEED_BATCH, (size) =>
        commands.floorSeed(base, Date.now(), ...Array.from({ length: size }, () => randomUUID())),
      ),
    async produce(sentAtUs) {
      await commands.floorProduce(base, Date.now(), randomUUID(), sentAtUs);
    },
    async outstanding() {
      const replies = await client.multi().zcard(`${base}ms`).zcard(`${base}ti:Done`).exec();
      const [machines, done] = (replies ?? []).map(([error, count]) => {
        if (error) throw error;
        return count as number;
      });
      return (machines ?? 0) - (done ?? 0);
    },
    async close() {
      await dropRedisNamespace(client, context.namespace);
      client.disconnect();
    },
  };
}

/** A claimed work item: the machine, its fencing token, and the `sentAtUs` it carries. */
interface Claimed {
  id: string;
  token: string;
  sentAtUs: number | undefined;
}

/** The claim script's flat reply (id, token, 't:Sent' field, ...) as work items. */
function parseClaims(reply: string[]): Claimed[] {
  const claimed: Claimed[] = [];
  for (let i = 0; i + 2 < reply.length; i += 3) {
    const sent = reply[i + 2] ?? '';
    // 't:Sent' is 'updatedAt value': the value after the first space.
    const value = sent === '' ? Number.NaN : Number(sent.slice(sent.indexOf(' ') + 1));
    claimed.push({
      id: reply[i]!,
      token: reply[i + 1]!,
      sentAtUs: Number.isFinite(value) ? value : undefined,
    });
  }
  return claimed;
}

async function openConsumer(context: PeerContext): Promise<Consumer> {
  const base = namespaceBase(context.namespace);
  const { client, commands } = connect(context);
  await client.ping();
  const sid = randomUUID();
  const limit = PREFETCH + context.concurrency;
  let running = false;
  let loop: Promise<void> | undefined;
  let claims = 0;
  let idleClaims = 0;

  const warn = (error: unknown) => console.warn(`floor-redis worker: ${String(error)}`);

  /** Finishes one batch; never rejects (a failure is reported and the items stay outstanding). */
  async function finish(batch: Claimed[]): Promise<void> {
    try {
      const lost = await commands.floorFinish(
        base,
        Date.now(),
        sid,
        ...batch.flatMap((w) => [w.id, w.token]),
      );
      if (lost > 0) warn(`${lost} finishes lost their work item`);
    } catch (error) {
      warn(error);
    }
  }

  /**
   * Claims a batch, runs the handler of each item (one at a time: it is a no-op, so at most
   * `concurrency` are in flight), then sends the batch's finish without awaiting it, so the next
   * claim follows it on the connection: at most one claim and one finish batch are on their way.
   */
  async function work(onItem: (sentAtUs: number | undefined) => void): Promise<void> {
    let finishing: Promise<void> | undefined;
    while (running) {
      let claimed: Claimed[];
      try {
        claimed = parseClaims(await commands.floorClaim(base, Date.now(), sid, limit));
      } catch (error) {
        warn(error);
        await sleep(ERROR_DELAY_MS);
        continue;
      }
      claims++;
      if (claimed.length === 0) {
        idleClaims++;
        await finishing;
        await sleep(IDLE_POLL_MS);
        continue;
      }
      for (const item of claimed) onItem(item.sentAtUs);
      await finishing;
      finishing = finish(claimed);
    }
    await finishing;
  }

  return {
    async start(onItem) {
      running = true;
      loop = work(onItem);
      loop.catch(warn);
    },
    async stop() {
      running = false;
      await loop?.catch(() => undefined);
      client.disconnect();
    },
    counters() {
      return { claims, idleClaims };
    },
  };
}

/**
 * The floor on Redis: tagout's contracted writes per item (claim and finish, with their history
 * events) by two Lua scripts over batches, with no engine around them; its drain rate is the
 * ceiling of tagout on Redis. See the file's header for what it leaves out.
 */
export const floorRedisSystem: PeerSystem = {
  id: 'floor-redis',
  label: 'floor · Redis',
  store: 'Redis',
  embedded: false,
  drainOnly: true,
  version: `ioredis ${packageVersion('@tagout/store-redis/node_modules/ioredis')}`,
  settings: `per item only tagout's contracted writes (claim: token, pair field, \`wt\`, \`sw\`, Started event; finish: fencing check, \`wt\`, tag Done, pair field, \`sw\`, Finished event; each event in \`he\`, \`hx\` and its process, machine and pair indexes), in one Lua script per claim of up to ${PREFETCH} + \`concurrency\` ids popped off a list and one per finish of that batch, sent before the next claim without waiting; no filter walk, session checks or signals (idle, it polls every ${IDLE_POLL_MS} ms)`,
  openProducer,
  openConsumer,
};
