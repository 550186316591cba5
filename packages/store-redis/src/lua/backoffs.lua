-- backoffs: ARGV = now, machineId or '', process or '', activeOnly (1|0).
-- Reply: flat list machineId, process, until, lastIntervalMs, cause, active (1|0), ...
--- @include "namespace"
--- @include "clock"
--- @include "pair-field"
--- @include "machines"
--- @include "lists"
local out = {}

-- Adds the backoff of the pair (id, process) whose pair field value is `raw`, if any (`raw`
-- is nil when an index names a pair field that is gone: skipped).
local function add(id, process, raw)
  if not raw then
    return
  end
  local until_at, last, cause = string.match(pair_backoff(raw), '^(%S+) (%S+) (.*)$')
  if not until_at then
    return
  end
  local active = tonumber(until_at) > NOW
  if active or ARGV[4] ~= '1' then
    append_all(out, { id, process, until_at, last, cause, active and 1 or 0 })
  end
end

each_pair_in(ARGV[2], ARGV[3], add, 'SMEMBERS', B .. 'bm')
return out
