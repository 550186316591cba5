-- Shared helpers, concatenated in front of every operation script.
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
--                        'w:'..process  -> 'sessionId token startedAt' (work on the pair)
--                        'b:'..process  -> 'until lastIntervalMs cause' (backoff of the pair)
--   B..'ti:'..name     zset machine id -> updatedAt, for every machine having the tag
--   B..'tn'            set of the tag names whose 'ti:' index is not empty (stats)
--   B..'wt'            zset 'id process' -> token (every work item)
--   B..'s:'..sid       hash session { component, runtimeInfo, interval, created, deadline }
--   B..'sw:'..sid      set 'id process' of the session's work
--   B..'bm'            set 'id process' of every backoff
--   B..'h'             list of every history event (append-only)
--   B..'hm:'..id       list of the machine's history events (append-only, kept after delete)

local B = KEYS[1]

-- Numbers go to Redis and back to the client as text that round-trips exactly.
local function n2s(x)
  return string.format('%.17g', x)
end

local function clock_now()
  if ARGV[1] ~= '' then
    return tonumber(ARGV[1])
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local NOW = clock_now()

-- NOW as stored text (history lines, updatedAt, startedAt).
local NOW_TEXT = n2s(NOW)

local function machine_key(id)
  return B .. 'm:' .. id
end

local function session_alive(sid)
  local deadline = redis.call('HGET', B .. 's:' .. sid, 'deadline')
  return deadline and tonumber(deadline) > NOW
end

-- A work field's value: sessionId, token, startedAt (strings).
local function parse_work(raw)
  return string.match(raw, '^(%S+) (%S+) (%S+)$')
end

-- A backoff field's value: until (number), lastIntervalMs (string), cause.
local function parse_backoff(raw)
  local until_at, last, cause = string.match(raw, '^(%S+) (%S+) (.*)$')
  return tonumber(until_at), last, cause
end

-- A tag field's value: updatedAt (string), canonical JSON text.
local function parse_tag(raw)
  local space = string.find(raw, ' ', 1, true)
  return string.sub(raw, 1, space - 1), string.sub(raw, space + 1)
end

-- Whether the work field value `raw` is held by session `sid` with fencing token `token`.
local function holds(raw, sid, token)
  local holder, held = parse_work(raw)
  return holder == sid and held == token
end

-- Removes the pair from the work indexes (the machine hash field is the caller's).
local function work_unindex(id, process, sid)
  local pair = id .. ' ' .. process
  redis.call('ZREM', B .. 'wt', pair)
  redis.call('SREM', B .. 'sw:' .. sid, pair)
end

-- Appends one history event: 'at event machineId process sessionId token[ cause]'.
local function history_append(event, id, process, sid, token, cause)
  local line = NOW_TEXT .. ' ' .. event .. ' ' .. id .. ' ' .. process .. ' ' .. sid .. ' ' .. token
  if cause then
    line = line .. ' ' .. cause
  end
  redis.call('RPUSH', B .. 'h', line)
  redis.call('RPUSH', B .. 'hm:' .. id, line)
end

-- Ends the work its holder reports done (finish, fail): the session must be alive and the
-- pair must hold `token`. Removes the work from its indexes (the caller deletes the field)
-- and returns nil and the pair's backoff field value (or false); else the refusal word.
local function work_end(sid, id, process, token)
  if not session_alive(sid) then
    return 'session-expired'
  end
  local vals = redis.call('HMGET', machine_key(id), 'w:' .. process, 'b:' .. process)
  if not vals[1] or not holds(vals[1], sid, token) then
    return 'lost'
  end
  work_unindex(id, process, sid)
  return nil, vals[2]
end

-- Deletes a work item whose holder is gone, appending `event` (Expired, Canceled).
local function work_release(id, process, sid, token, event)
  redis.call('HDEL', machine_key(id), 'w:' .. process)
  work_unindex(id, process, sid)
  history_append(event, id, process, sid, token)
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
-- tags_set). Returns the machine as a reply.
local function machine_create(id, list, first, last)
  local at = NOW_TEXT
  tags_set(id, list, first, last, { 'c', at })
  redis.call('ZADD', B .. 'ms', at, id)
  local tags = {}
  for i = first, last, 2 do
    tags[#tags + 1] = list[i]
    tags[#tags + 1] = list[i + 1]
    tags[#tags + 1] = at
  end
  return { id, at, tags }
end

-- Drops the machine from the index of tag `name`, and the name from the names set when no
-- machine has the tag any more.
local function tag_unindex(id, name)
  local key = B .. 'ti:' .. name
  if redis.call('ZREM', key, id) == 1 and redis.call('ZCARD', key) == 0 then
    redis.call('SREM', B .. 'tn', name)
  end
end

-- Drops the named tags from their indexes and adds their field names to `fields`, for
-- the caller's single HDEL.
local function tags_unindex(id, names, fields)
  for _, name in ipairs(names) do
    tag_unindex(id, name)
    fields[#fields + 1] = 't:' .. name
  end
  return fields
end

-- The values of the given fields of the machine hash (false where absent).
local function machine_fields(id, fields)
  if #fields == 0 then
    return {}
  end
  return redis.call('HMGET', machine_key(id), unpack(fields))
end

-- Deletes the given fields of the machine hash (nothing when the list is empty).
local function machine_hdel(id, fields)
  if #fields > 0 then
    redis.call('HDEL', machine_key(id), unpack(fields))
  end
end

-- The machine as a reply from its hash's HGETALL: { id, createdAt, { name, value, updatedAt, ... } }.
local function machine_from_fields(id, all)
  local created
  local tags = {}
  for i = 1, #all, 2 do
    local field = all[i]
    if field == 'c' then
      created = all[i + 1]
    elseif string.sub(field, 1, 2) == 't:' then
      local updated, value = parse_tag(all[i + 1])
      tags[#tags + 1] = string.sub(field, 3)
      tags[#tags + 1] = value
      tags[#tags + 1] = updated
    end
  end
  return { id, created, tags }
end

-- The machine as a reply, or nil when it does not exist.
local function machine_reply(id)
  local all = redis.call('HGETALL', machine_key(id))
  if #all == 0 then
    return nil
  end
  return machine_from_fields(id, all)
end

-- Calls visit(kind, name, value) for each field of the machine hash `all` whose kind
-- ('t', 'w' or 'b') is `kind`.
local function each_field(all, kind, visit)
  local head = kind .. ':'
  for i = 1, #all, 2 do
    local field = all[i]
    if string.sub(field, 1, 2) == head then
      visit(string.sub(field, 3), all[i + 1])
    end
  end
end

-- Work items of one session or machine, sorted by token: list of { id, process, sid, token }.
local function sort_by_token(items)
  table.sort(items, function(a, b)
    return tonumber(a[4]) < tonumber(b[4])
  end)
  return items
end

-- Splits a space-separated list passed as one argument.
local function words(text)
  local list = {}
  for word in string.gmatch(text, '%S+') do
    list[#list + 1] = word
  end
  return list
end
