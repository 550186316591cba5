-- session-close: ARGV = now, sessionId. Releases the session's work in token order
-- (Canceled while alive, Expired when not) and deletes the session. Reply: released count.
-- Signals the processes of the released work.
-- Walks the work index 'wt' (every work item, in token order): its cost grows with the work
-- in flight, not with the number of machines.
--- @include "namespace"
--- @include "pair-field"
--- @include "machines"
--- @include "sessions"
--- @include "signals"
--- @include "work"
local sid = ARGV[2]
local key = B .. 's:' .. sid
if redis.call('EXISTS', key) == 0 then
  return 0
end
local event = session_alive(sid) and 'Canceled' or 'Expired'
local tail = ' ' .. sid
local released = 0
local processes, seen = {}, {}
for _, member in ipairs(redis.call('ZRANGE', B .. 'wt', 0, -1)) do
  if string.sub(member, -#tail) == tail then
    local id, process = string.match(member, '^(%S+) (%S+) ')
    local raw = redis.call('HGET', machine_key(id), 'p:' .. process)
    local holder, token
    if raw then
      holder, token = pair_work(raw)
    end
    if holder == sid then -- else the index is stale: nothing of this session to release
      work_release(id, process, sid, token, raw, event)
      released = released + 1
      if not seen[process] then
        seen[process] = true
        processes[#processes + 1] = process
      end
    end
  end
end
redis.call('DEL', key)
if released > 0 then
  signal(table.concat(processes, ','))
end
return released
