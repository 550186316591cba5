--- @include "namespace"
--- @include "numbers"
--- @include "clock"
--- @include "history-index"

-- Appends one history event 'at event machineId process sessionId token[ cause]' under the
-- next sequence number.
local function history_append(event, id, process, sid, token, cause)
  local line = NOW_TEXT .. ' ' .. event .. ' ' .. id .. ' ' .. process .. ' ' .. sid .. ' ' .. token
  if cause then
    line = line .. ' ' .. cause
  end
  history_put(n2s(redis.call('INCR', B .. 'hseq')), line, id, process)
end
