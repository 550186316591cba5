-- finish: ARGV = now, sessionId, machineId, process, token, names to delete (space-separated),
-- then tags to set as name, value, name, value, ... Reply: { 'ok' } | { 'session-expired' } | { 'lost' }.
local sid, id, process, token = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if not session_alive(sid) then
  return { 'session-expired' }
end
local holder, held_token = work_get(id, process)
if holder ~= sid or held_token ~= token then
  return { 'lost' }
end
work_delete(id, process, sid)
backoff_delete(id, process)
history_append('Finished', id, process, sid, token)
tags_set(id, 7)
tags_delete(id, words(ARGV[6]))
return { 'ok' }
