-- Shared helpers, concatenated in front of every operation script.
-- KEYS[1] is the namespace base `tagout:{<prefix>}:`; every key below starts with it, so
-- every key of a namespace hashes to one slot (the hash tag) and a script touches one shard.
-- ARGV[1] is the injected `now` in ms, or '' to use the server's TIME.
--
-- Keys (B = KEYS[1]); user-supplied strings only ever come last, after a fixed kind segment:
--   B..'tok'           counter of fencing tokens (INCR)
--   B..'ms'            zset machine id -> createdAt (all machines; ordered listing)
--   B..'m:'..id        hash { c = createdAt }
--   B..'t:'..id        hash tag name -> canonical JSON value text
--   B..'u:'..id        hash tag name -> updatedAt
--   B..'ti:'..name     zset machine id -> updatedAt, for every machine having the tag
--   B..'w:'..id        hash process -> 'sessionId token startedAt' (work on the machine)
--   B..'wt'            zset 'id process' -> token (every work item)
--   B..'s:'..sid       hash session { component, runtimeInfo, interval, created, deadline }
--   B..'sw:'..sid      set 'id process' of the session's work
--   B..'b:'..id        hash process -> 'until lastIntervalMs cause' (backoffs of the machine)
--   B..'bm'            set of machine ids having a backoff hash
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

local function session_alive(sid)
  local deadline = redis.call('HGET', B .. 's:' .. sid, 'deadline')
  return deadline and tonumber(deadline) > NOW
end

-- The work item on (id, process): sessionId, token, startedAt (strings), or nil.
local function work_get(id, process)
  local raw = redis.call('HGET', B .. 'w:' .. id, process)
  if not raw then
    return nil
  end
  local sid, token, started = string.match(raw, '^(%S+) (%S+) (%S+)$')
  return sid, token, started
end

local function work_delete(id, process, sid)
  local pair = id .. ' ' .. process
  redis.call('HDEL', B .. 'w:' .. id, process)
  redis.call('ZREM', B .. 'wt', pair)
  redis.call('SREM', B .. 'sw:' .. sid, pair)
end

-- Appends one history event: 'at event machineId process sessionId token[ cause]'.
local function history_append(event, id, process, sid, token, cause)
  local line = n2s(NOW) .. ' ' .. event .. ' ' .. id .. ' ' .. process .. ' ' .. sid .. ' ' .. token
  if cause then
    line = line .. ' ' .. cause
  end
  redis.call('RPUSH', B .. 'h', line)
  redis.call('RPUSH', B .. 'hm:' .. id, line)
end

-- The backoff of (id, process): until (number), lastIntervalMs (string), cause, or nil.
local function backoff_get(id, process)
  local raw = redis.call('HGET', B .. 'b:' .. id, process)
  if not raw then
    return nil
  end
  local until_at, last, cause = string.match(raw, '^(%S+) (%S+) (.*)$')
  return tonumber(until_at), last, cause
end

local function backoff_delete(id, process)
  local key = B .. 'b:' .. id
  redis.call('HDEL', key, process)
  if redis.call('EXISTS', key) == 0 then
    redis.call('SREM', B .. 'bm', id)
  end
end

-- Sets the tags given as ARGV[first], ARGV[first + 1], ... (name, value, name, value, ...).
local function tags_set(id, first)
  local at = n2s(NOW)
  for i = first, #ARGV, 2 do
    local name, value = ARGV[i], ARGV[i + 1]
    redis.call('HSET', B .. 't:' .. id, name, value)
    redis.call('HSET', B .. 'u:' .. id, name, at)
    redis.call('ZADD', B .. 'ti:' .. name, at, id)
  end
end

local function tags_delete(id, names)
  for _, name in ipairs(names) do
    redis.call('HDEL', B .. 't:' .. id, name)
    redis.call('HDEL', B .. 'u:' .. id, name)
    redis.call('ZREM', B .. 'ti:' .. name, id)
  end
end

-- The machine as a reply: { id, createdAt, { name, value, updatedAt, ... } }, or nil.
local function machine_reply(id)
  local created = redis.call('HGET', B .. 'm:' .. id, 'c')
  if not created then
    return nil
  end
  local values = redis.call('HGETALL', B .. 't:' .. id)
  local tags = {}
  for i = 1, #values, 2 do
    tags[#tags + 1] = values[i]
    tags[#tags + 1] = values[i + 1]
    tags[#tags + 1] = redis.call('HGET', B .. 'u:' .. id, values[i])
  end
  return { id, created, tags }
end

-- Work items of one session or machine, sorted by token: list of { id, process, sid, token }.
local function sort_by_token(items)
  table.sort(items, function(a, b)
    return tonumber(a[4]) < tonumber(b[4])
  end)
  return items
end

-- Deletes a work item whose holder is gone, appending Expired (or `event`).
local function work_release(id, process, sid, token, event)
  work_delete(id, process, sid)
  history_append(event, id, process, sid, token)
end

-- Splits a space-separated list passed as one argument.
local function words(text)
  local list = {}
  for word in string.gmatch(text, '%S+') do
    list[#list + 1] = word
  end
  return list
end
