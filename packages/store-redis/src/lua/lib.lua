-- Shared helpers; each script gets the definitions it uses (src/lua-bundle.ts).
-- KEYS[1] is the namespace base `tagout:{<prefix>}:`; every key below starts with it, so
-- every key of a namespace hashes to one slot (the hash tag) and a script touches one shard.
-- ARGV[1] is the injected `now` in ms, or '' to use the server's TIME.
--
-- Keys (B = KEYS[1]); user-supplied strings only ever come last, after a fixed kind segment:
--   B..'tok'           counter of fencing tokens (INCR)
--   B..'ms'            zset machine id -> createdAt (all machines; ordered listing)
--   B..'m:'..id        hash, everything about one machine (one HGETALL reads it all):
--                        'c'            -> createdAt
--                        't:'..name     -> 'updatedAt canonicalJson'   (a tag)
--                        'p:'..process  -> 'WORK|BACKOFF'               (the pair, see below)
--   B..'ti:'..name     zset machine id -> updatedAt, for every machine having the tag
--   B..'tn'            set of the tag names whose 'ti:' index is not empty (stats)
--   B..'wt'            zset 'id process sessionId' -> token (every work item)
--   B..'s:'..sid       hash session { component, runtimeInfo, interval, created, deadline, retain },
--                      expiring when the session is retired (deadline + retain)
--   B..'sx'            zset session id -> createdAt (the session listing; ids whose session
--                      key is gone are dropped lazily: by session-list, and two at a time,
--                      round-robin from the rank in B..'sxc', by every session-create)
--   B..'sw'            hash session id -> number of its work items (fields at 0 deleted)
--   B..'bm'            set 'id process' of every stored backoff
--   B..'hseq'          counter of history sequence numbers (INCR): store-wide, increasing
--   B..'he'            hash sequence number -> history event line (see history_append)
--   B..'hx'            zset of every event's sequence number (score = member = sequence)
--   B..'hxm:'..id      zset, the same for the machine's events (kept after delete)
--   B..'hxp:'..process zset, the same for the process's events
--   B..'hxmp:'..id..':'..process  zset, the same for the pair's events (ids have no ':')
--   B..'cur'           hash candidate source label -> claim cursor (see claim.lua)
--   B..'procs'         hash process name -> when an engine last declared it (processes-record)
--   B..'bu:'..process  zset machine id -> until, for every stored backoff of the process (kept
--                      with the pair field: a claim that finds nothing reads the earliest active one)
--   B..'buv'           set once the 'bu:' indexes hold every stored backoff (backoff-ends-upgrade)
--   B..'wake'          the sharded pub/sub channel of signals (SPUBLISH, see `signal`); a channel,
--                      not a key, on the namespace's slot through the same hash tag
--   B..'h', B..'hm:'..id  lists of event lines written before sequence numbers existed;
--                      history-upgrade.lua moves them into the keys above
--
-- A pair field 'p:'..process holds the work and the backoff of (machine, process), either
-- part possibly empty (the field is deleted when both are): WORK is 'sessionId token
-- startedAt', BACKOFF is 'until lastIntervalMs cause'. So 'sid 7 1700000000000|' is work
-- without backoff, '|1700000060000 60000 no power' a backoff alone. Only the cause is free
-- text, and it comes last, after the first '|'.

local B = KEYS[1]

-- Numbers go to Redis and back to the client as text that round-trips exactly.
local function n2s(x)
  return string.format('%.17g', x)
end

-- The store clock: the injected `now`, else the server's TIME (ms).
local function clock_now()
  if ARGV[1] ~= '' then
    return tonumber(ARGV[1])
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local NOW = clock_now()

-- NOW as stored text (history lines, updatedAt, startedAt): the injected `now` as the client
-- wrote it (a JavaScript number's shortest round-trip form), else formatted once.
local NOW_TEXT = ARGV[1] ~= '' and ARGV[1] or n2s(NOW)

local function machine_key(id)
  return B .. 'm:' .. id
end

-- Whether the session is alive at NOW. A missing session is dead. A retired one (deadline +
-- retention <= NOW) is deleted on the way: its key expires by itself too (session_expire), but
-- on real time, which an injected clock may outrun.
local function session_alive(sid)
  local key = B .. 's:' .. sid
  local stored = redis.call('HMGET', key, 'deadline', 'retain')
  local deadline = tonumber(stored[1])
  if not deadline then
    return false
  end
  if deadline > NOW then
    return true
  end
  if stored[2] and deadline + tonumber(stored[2]) <= NOW then
    redis.call('DEL', key)
  end
  return false
end

-- Lets the session key expire once the session is retired: after deadline + retain - NOW ms,
-- counted from this script's NOW, so that with the server's clock it expires exactly at
-- deadline + retain, and with an injected clock after the same span of real time (an absolute
-- PEXPIREAT from a clock far from real time would delete it at once, or keep it for years).
local function session_expire(key, deadline, retain)
  redis.call('PEXPIRE', key, math.max(1, math.ceil(deadline + retain - NOW)))
end

-- A tag field's value: updatedAt (string), canonical JSON text.
local function parse_tag(raw)
  local space = string.find(raw, ' ', 1, true)
  return string.sub(raw, 1, space - 1), string.sub(raw, space + 1)
end

-- Position of the '|' in a pair field value: 1 when it holds no work.
local function pair_bar(raw)
  return string.find(raw, '|', 1, true)
end

-- The work part of a pair value: sessionId, token (strings), or nil when there is none.
local function pair_work(raw)
  return string.match(raw, '^([^ |]+) ([^ |]+) ')
end

-- The backoff part of a pair value ('' when there is none): everything after the first '|'
-- (a cause may contain '|' itself, even end with one).
local function pair_backoff(raw)
  return string.sub(raw, pair_bar(raw) + 1)
end

-- Whether the pair value `raw` holds a backoff: text after its first '|'.
local function pair_has_backoff(raw)
  return pair_bar(raw) < #raw
end

-- Whether the pair value `raw` holds work of session `sid` with fencing token `token`.
local function holds(raw, sid, token)
  local head = sid .. ' ' .. token .. ' '
  return string.sub(raw, 1, #head) == head
end

-- The member of the work index 'wt' for a work item.
local function work_member(id, process, sid)
  return id .. ' ' .. process .. ' ' .. sid
end

-- Tells the namespace's subscribers (store.subscribe) that work may have become eligible: `what`
-- is the processes whose work ended or backoff cleared, comma-separated (names have no comma), or
-- '*' for anything. Sharded pub/sub (Redis 7): on a Cluster the message stays on the namespace's
-- shard. `pcall`: on a Redis without SPUBLISH (6.2) nothing is published, and nobody can subscribe.
local function signal(what)
  redis.pcall('SPUBLISH', B .. 'wake', what)
end

-- Records `until_text` as the end of the pair's stored backoff in the process's index 'bu:'.
local function backoff_end_set(id, process, until_text)
  redis.call('ZADD', B .. 'bu:' .. process, until_text, id)
end

-- Drops the pair from the process's backoff-end index (its backoff is gone).
local function backoff_end_drop(id, process)
  redis.call('ZREM', B .. 'bu:' .. process, id)
end

-- Stores the history event `line` of machine `id` and `process` under sequence number
-- `seq` (text) and adds it to the indexes: all events, the machine's, the process's and the
-- pair's. Every index is ordered by sequence, so a page of the most recent events (or, later,
-- those before or after an event) is one ZRANGE by score, whatever the history's length.
local function history_put(seq, line, id, process)
  redis.call('HSET', B .. 'he', seq, line)
  redis.call('ZADD', B .. 'hx', seq, seq)
  redis.call('ZADD', B .. 'hxm:' .. id, seq, seq)
  redis.call('ZADD', B .. 'hxp:' .. process, seq, seq)
  redis.call('ZADD', B .. 'hxmp:' .. id .. ':' .. process, seq, seq)
end

-- Appends one history event 'at event machineId process sessionId token[ cause]' under the
-- next sequence number.
local function history_append(event, id, process, sid, token, cause)
  local line = NOW_TEXT .. ' ' .. event .. ' ' .. id .. ' ' .. process .. ' ' .. sid .. ' ' .. token
  if cause then
    line = line .. ' ' .. cause
  end
  history_put(n2s(redis.call('INCR', B .. 'hseq')), line, id, process)
end

-- Adds `step` (1 or -1) to the count of session `sid`'s work items in 'sw' (the live work
-- count of the session listing); a count that reaches 0 is deleted.
local function session_work_count(sid, step)
  if redis.call('HINCRBY', B .. 'sw', sid, step) <= 0 then
    redis.call('HDEL', B .. 'sw', sid)
  end
end

-- Removes a work item from the work index and appends its closing `event` (the pair field
-- is the caller's).
local function work_close(id, process, sid, token, event, cause)
  if redis.call('ZREM', B .. 'wt', work_member(id, process, sid)) == 1 then
    session_work_count(sid, -1)
  end
  history_append(event, id, process, sid, token, cause)
end

-- Releases a work item whose holder is gone or gave it up (Expired, Canceled): closes it
-- and leaves the pair field with its backoff only (deleted when there is none). `raw` is
-- the pair field value.
local function work_release(id, process, sid, token, raw, event)
  work_close(id, process, sid, token, event)
  local backoff = pair_backoff(raw)
  if backoff == '' then
    redis.call('HDEL', machine_key(id), 'p:' .. process)
  else
    redis.call('HSET', machine_key(id), 'p:' .. process, '|' .. backoff)
  end
end

-- Sets the tags given as list[first .. last] (name, value, name, value, ...; `list` is ARGV
-- in the operation scripts) in one HSET, with the extra machine fields `extra` (a flat
-- field, value list) in the same call.
local function tags_set(id, list, first, last, extra)
  local at = NOW_TEXT
  local fields = extra or {}
  for i = first, last, 2 do
    local name = list[i]
    fields[#fields + 1] = 't:' .. name
    fields[#fields + 1] = at .. ' ' .. list[i + 1]
    if redis.call('ZADD', B .. 'ti:' .. name, at, id) == 1 then
      redis.call('SADD', B .. 'tn', name)
    end
  end
  if #fields > 0 then
    redis.call('HSET', machine_key(id), unpack(fields))
  end
end

-- Creates a machine that does not exist yet, with the tags list[first .. last] (as for
-- tags_set). Returns createdAt.
local function machine_create(id, list, first, last)
  tags_set(id, list, first, last, { 'c', NOW_TEXT })
  redis.call('ZADD', B .. 'ms', NOW_TEXT, id)
  return NOW_TEXT
end

-- The machines of a script over many (ARGV = now, then for each machine: id, number of tags
-- n, then n name, value pairs), as a list of { id, first, last }: the machine's tags are
-- ARGV[first .. last], as tags_set takes them.
local function batch_entries()
  local entries = {}
  local i = 2
  while i <= #ARGV do
    local last = i + 1 + 2 * tonumber(ARGV[i + 1])
    entries[#entries + 1] = { ARGV[i], i + 2, last }
    i = last + 1
  end
  return entries
end

-- Calls `command` with the arguments `list` (after `key`, unless it is nil) in slices of at
-- most 4,000 (Lua's unpack stops near 8,000 values; an even slice keeps ZADD's score, member
-- pairs whole). Returns the sum of the replies.
local function call_in_slices(command, key, list)
  local total = 0
  for i = 1, #list, 4000 do
    local j = math.min(i + 3999, #list)
    if key then
      total = total + redis.call(command, key, unpack(list, i, j))
    else
      total = total + redis.call(command, unpack(list, i, j))
    end
  end
  return total
end

-- The first id of `entries` (batch_entries) whose machine exists (`want` 1) or does not
-- (`want` 0), or nil when there is none: one EXISTS counts them all, and only a count that
-- shows such an id is followed by one EXISTS per machine, in input order.
local function batch_first(entries, want)
  local keys = {}
  for i, entry in ipairs(entries) do
    keys[i] = machine_key(entry[1])
  end
  local existing = call_in_slices('EXISTS', nil, keys)
  if existing == (want == 1 and 0 or #keys) then
    return nil
  end
  for i, entry in ipairs(entries) do
    if redis.call('EXISTS', keys[i]) == want then
      return entry[1]
    end
  end
end

-- Writes the tags of every machine of `entries` (batch_entries) at NOW, with exactly the
-- keys tags_set writes for each, and with `create` the rest of what machine_create writes:
-- one HSET per machine, but one ZADD per tag name for all the machines, one SADD of the
-- names whose index gained members, and one ZADD of 'ms'.
local function batch_write(entries, create)
  local indexed, names, listed = {}, {}, {}
  for _, entry in ipairs(entries) do
    local id = entry[1]
    local fields = create and { 'c', NOW_TEXT } or {}
    for i = entry[2], entry[3], 2 do
      local name = ARGV[i]
      fields[#fields + 1] = 't:' .. name
      fields[#fields + 1] = NOW_TEXT .. ' ' .. ARGV[i + 1]
      local members = indexed[name]
      if members == nil then
        members = {}
        indexed[name] = members
        names[#names + 1] = name
      end
      members[#members + 1] = NOW_TEXT
      members[#members + 1] = id
    end
    if #fields > 0 then
      redis.call('HSET', machine_key(id), unpack(fields))
    end
    listed[#listed + 1] = NOW_TEXT
    listed[#listed + 1] = id
  end
  local grown = {}
  for _, name in ipairs(names) do
    if call_in_slices('ZADD', B .. 'ti:' .. name, indexed[name]) > 0 then
      grown[#grown + 1] = name
    end
  end
  call_in_slices('SADD', B .. 'tn', grown)
  if create then
    call_in_slices('ZADD', B .. 'ms', listed)
  end
end

-- Drops the machine from the index of tag `name`, and the name from the names set when no
-- machine has the tag any more.
local function tag_unindex(id, name)
  local key = B .. 'ti:' .. name
  if redis.call('ZREM', key, id) == 1 and redis.call('ZCARD', key) == 0 then
    redis.call('SREM', B .. 'tn', name)
  end
end

-- Drops the tags named in the space-separated `names` from their indexes and adds their
-- field names to `fields`, for the caller's single HDEL.
local function tags_unindex(id, names, fields)
  for name in string.gmatch(names, '%S+') do
    tag_unindex(id, name)
    fields[#fields + 1] = 't:' .. name
  end
  return fields
end

-- Deletes the given fields of the machine hash (nothing when the list is empty).
local function machine_hdel(id, fields)
  if #fields > 0 then
    redis.call('HDEL', machine_key(id), unpack(fields))
  end
end

-- Finishes the work of session `sid` with `token` on the pair, whose session the caller found
-- alive: closes it (Finished), clears the pair's backoff, sets the tags ARGV[first .. last] (as
-- tags_set takes them) and deletes the tags named in the space-separated `deletes`. Returns false,
-- having written nothing, when the pair no longer holds that work (lost).
local function finish_held(sid, id, process, token, deletes, first, last)
  local field = 'p:' .. process
  local raw = redis.call('HGET', machine_key(id), field)
  if not raw or not holds(raw, sid, token) then
    return false
  end
  work_close(id, process, sid, token, 'Finished')
  if pair_has_backoff(raw) then -- cleared with the pair field below
    redis.call('SREM', B .. 'bm', id .. ' ' .. process)
    backoff_end_drop(id, process)
  end
  tags_set(id, ARGV, first, last)
  -- One HDEL: the pair (work and backoff) and the deleted tags.
  machine_hdel(id, tags_unindex(id, deletes, { field }))
  return true
end

-- The machine as a reply: { id, its hash as HGETALL returns it } (the client picks the
-- 'c' and 't:' fields), or nil when it does not exist.
local function machine_reply(id)
  local all = redis.call('HGETALL', machine_key(id))
  if #all == 0 then
    return nil
  end
  return { id, all }
end

-- Calls visit(name, value) for each field of the machine hash `all` (HGETALL) whose kind
-- is `head` ('t:' or 'p:').
local function each_field(all, head, visit)
  for i = 1, #all, 2 do
    local field = all[i]
    if string.sub(field, 1, 2) == head then
      visit(string.sub(field, 3), all[i + 1])
    end
  end
end

-- Calls visit(id, process, raw) for each (machine, process) pair field of machine `id`.
local function each_pair_of(id, visit)
  each_field(redis.call('HGETALL', machine_key(id)), 'p:', function(process, raw)
    visit(id, process, raw)
  end)
end

-- Items { id, process, sid, token } sorted by token.
local function sort_by_token(items)
  table.sort(items, function(a, b)
    return tonumber(a[4]) < tonumber(b[4])
  end)
  return items
end

-- The first rank in zset `key` after the member `after_id` of score `after_at` (0 when
-- `after_id` is ''): members of a lower score, then those of the same score up to `after_id`
-- (a binary search, as that member may be gone). Zsets order members of one score by text.
local function zset_rank_after(key, after_at, after_id)
  if after_id == '' then
    return 0
  end
  local rank = redis.call('ZCOUNT', key, '-inf', '(' .. after_at)
  local high = redis.call('ZCOUNT', key, '-inf', after_at)
  while rank < high do
    local middle = math.floor((rank + high) / 2)
    if redis.call('ZRANGE', key, middle, middle)[1] <= after_id then
      rank = middle + 1
    else
      high = middle
    end
  end
  return rank
end

-- Adds session `sid`, created at NOW, to the session index 'sx', and drops from the index up
-- to two sessions whose key is gone (expired or closed), examined round-robin from the rank
-- kept in 'sxc': two per create against one added, so the sweep comes round and the index
-- stays about as small as the sessions kept, even if nobody lists them.
local function session_index_add(sid)
  local key = B .. 'sx'
  redis.call('ZADD', key, NOW, sid)
  local rank = tonumber(redis.call('GET', B .. 'sxc')) or 0
  if rank >= redis.call('ZCARD', key) then
    rank = 0
  end
  local ids = redis.call('ZRANGE', key, rank, rank + 1)
  for _, id in ipairs(ids) do
    if redis.call('EXISTS', B .. 's:' .. id) == 0 then
      redis.call('ZREM', key, id)
    else
      rank = rank + 1
    end
  end
  if #ids < 2 then -- the end (where new sessions go): start over from the oldest
    rank = 0
  end
  redis.call('SET', B .. 'sxc', rank)
end
