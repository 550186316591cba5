-- finish: ARGV = now, sessionId, machineId, process, token, names to delete (space-separated),
-- then tags to set as name, value, name, value, ... Reply: { 'ok' } | { 'session-expired' } | { 'lost' }.
-- Signals the process, or anything when it wrote or deleted tags.
--- @include "sessions"
--- @include "signals"
--- @include "finish"
local sid, id, process, token = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if not session_alive(sid) then
  return { 'session-expired' }
end
if not finish_held(sid, id, process, token, ARGV[6], 7, #ARGV) then
  return { 'lost' }
end
signal((#ARGV >= 7 or ARGV[6] ~= '') and '*' or process)
return { 'ok' }
