-- work-list: ARGV = now, machineId or '', process or ''.
-- Reply: live work as flat list machineId, process, sessionId, token, startedAt, ... (any order).
--- @include "namespace"
--- @include "machines"
--- @include "sessions"
local out = {}
local alive = {}

-- Adds the work of the pair (id, process) whose pair field value is `raw`, if it is live
-- (`raw` is nil when the index names a pair field that is gone: skipped).
local function add(id, process, raw)
  if not raw or (ARGV[3] ~= '' and process ~= ARGV[3]) then
    return
  end
  local sid, token, started = string.match(raw, '^([^ |]+) ([^ |]+) ([^ |]+)|')
  if not sid then
    return
  end
  if alive[sid] == nil then
    alive[sid] = session_alive(sid) or false
  end
  if alive[sid] then
    for _, v in ipairs({ id, process, sid, token, started }) do
      out[#out + 1] = v
    end
  end
end

if ARGV[2] ~= '' then
  each_pair_of(ARGV[2], add)
  return out
end
for _, member in ipairs(redis.call('ZRANGE', B .. 'wt', 0, -1)) do
  local id, process = string.match(member, '^(%S+) (%S+) ')
  add(id, process, redis.call('HGET', machine_key(id), 'p:' .. process))
end
return out
