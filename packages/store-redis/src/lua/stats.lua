-- stats: ARGV = now. Reply: flat list { machines, kind, name, count, kind, name, count, ... }
-- with kind 'w' (live work per process), 'b' (active backoffs per process), 't' (machines per
-- tag name). Cost: one ZCARD per tag name (the names set), one HGET per distinct session
-- holding work (the work index names each item's session), one HGET per stored backoff
-- (the backoff set): bounded by tag names, work in flight and pairs with a backoff, never by
-- the number of machines.
--- @include "namespace"
--- @include "clock"
--- @include "pair-field"
--- @include "machines"
--- @include "sessions"
local out = { redis.call('ZCARD', B .. 'ms') }

-- Appends each name of `counts` with its count under `kind`.
local function emit(kind, counts)
  for name, count in pairs(counts) do
    out[#out + 1] = kind
    out[#out + 1] = name
    out[#out + 1] = count
  end
end

local live, alive = {}, {}
for _, member in ipairs(redis.call('ZRANGE', B .. 'wt', 0, -1)) do
  local process, sid = string.match(member, '^%S+ (%S+) (%S+)$')
  if alive[sid] == nil then
    alive[sid] = session_alive(sid) or false
  end
  if alive[sid] then
    live[process] = (live[process] or 0) + 1
  end
end
emit('w', live)

local active = {}
for _, pair in ipairs(redis.call('SMEMBERS', B .. 'bm')) do
  local id, process = string.match(pair, '^(%S+) (%S+)$')
  local raw = redis.call('HGET', machine_key(id), 'p:' .. process)
  local until_at = raw and tonumber(string.match(pair_backoff(raw), '^%S+'))
  if until_at and until_at > NOW then -- a pair field that is gone, or has no backoff: skipped
    active[process] = (active[process] or 0) + 1
  end
end
emit('b', active)

local tags = {}
for _, name in ipairs(redis.call('SMEMBERS', B .. 'tn')) do
  local count = redis.call('ZCARD', B .. 'ti:' .. name)
  if count > 0 then
    tags[name] = count
  end
end
emit('t', tags)
return out
