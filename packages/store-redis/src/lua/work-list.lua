-- work-list: ARGV = now, machineId or '', process or ''.
-- Reply: live work as flat list machineId, process, sessionId, token, startedAt, ... (any order).
--- @include "namespace"
--- @include "machines"
--- @include "sessions"
--- @include "lists"
local out = {}
local alive = {}

-- Adds the work of the pair (id, process) whose pair field value is `raw`, if it is live
-- (`raw` is nil when the index names a pair field that is gone: skipped).
local function add(id, process, raw)
  if not raw then
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
    append_all(out, { id, process, sid, token, started })
  end
end

each_pair_in(ARGV[2], ARGV[3], add, 'ZRANGE', B .. 'wt', 0, -1)
return out
