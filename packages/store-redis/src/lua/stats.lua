-- stats: ARGV = now. Reply: flat list { machines, kind, name, count, kind, name, count, ... }
-- with kind 'w' (live work per process), 'b' (active backoffs per process), 't' (machines per
-- tag name). Cost: one ZCARD per tag name (the names set), one HGET per work item (the work
-- index) plus one HGET per distinct session, one HGET per backoff (the backoff set) — bounded
-- by names, work in flight and pairs with a backoff, never by the number of machines.
local out = { redis.call('ZCARD', B .. 'ms') }

-- Appends each name of `counts` with its count under `kind`.
local function emit(kind, counts)
  for name, count in pairs(counts) do
    out[#out + 1] = kind
    out[#out + 1] = name
    out[#out + 1] = count
  end
end

local live, deadlines = {}, {}
for _, pair in ipairs(redis.call('ZRANGE', B .. 'wt', 0, -1)) do
  local id, process = string.match(pair, '^(%S+) (%S+)$')
  local raw = redis.call('HGET', machine_key(id), 'w:' .. process)
  if raw then
    local sid = parse_work(raw)
    if deadlines[sid] == nil then
      deadlines[sid] = session_alive(sid) or false
    end
    if deadlines[sid] then
      live[process] = (live[process] or 0) + 1
    end
  end
end
emit('w', live)

local active = {}
for _, pair in ipairs(redis.call('SMEMBERS', B .. 'bm')) do
  local id, process = string.match(pair, '^(%S+) (%S+)$')
  local raw = redis.call('HGET', machine_key(id), 'b:' .. process)
  if raw and parse_backoff(raw) > NOW then
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
