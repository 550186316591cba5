-- backoffs: ARGV = now, machineId or '', process or '', activeOnly (1|0).
-- Reply: flat list machineId, process, until, lastIntervalMs, cause, active (1|0), ...
--- @include "namespace"
--- @include "clock"
--- @include "pair-field"
--- @include "machines"
local out = {}

-- Adds the backoff of the pair (id, process) whose pair field value is `raw`, if any (`raw`
-- is nil when an index names a pair field that is gone: skipped).
local function add(id, process, raw)
  if not raw or (ARGV[3] ~= '' and process ~= ARGV[3]) then
    return
  end
  local until_at, last, cause = string.match(pair_backoff(raw), '^(%S+) (%S+) (.*)$')
  if not until_at then
    return
  end
  local active = tonumber(until_at) > NOW
  if active or ARGV[4] ~= '1' then
    for _, v in ipairs({ id, process, until_at, last, cause, active and 1 or 0 }) do
      out[#out + 1] = v
    end
  end
end

if ARGV[2] ~= '' then
  each_pair_of(ARGV[2], add)
  return out
end
for _, pair in ipairs(redis.call('SMEMBERS', B .. 'bm')) do
  local id, process = string.match(pair, '^(%S+) (%S+)$')
  if ARGV[3] == '' or process == ARGV[3] then
    add(id, process, redis.call('HGET', machine_key(id), 'p:' .. process))
  end
end
return out
