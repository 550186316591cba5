-- finish: ARGV = now, sessionId, machineId, process, token, names to delete (space-separated),
-- then tags to set as name, value, name, value, ... Reply: { 'ok' } | { 'session-expired' } | { 'lost' }.
-- Signals the process, or anything when it wrote or deleted tags.
local sid, id, process, token = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if not session_alive(sid) then
  return { 'session-expired' }
end
local field = 'p:' .. process
local raw = redis.call('HGET', machine_key(id), field)
if not raw or not holds(raw, sid, token) then
  return { 'lost' }
end
work_close(id, process, sid, token, 'Finished')
if pair_has_backoff(raw) then -- cleared with the pair field below
  redis.call('SREM', B .. 'bm', id .. ' ' .. process)
  backoff_end_drop(id, process)
end
tags_set(id, ARGV, 7, #ARGV)
-- One HDEL: the pair (work and backoff) and the deleted tags.
machine_hdel(id, tags_unindex(id, ARGV[6], { field }))
signal((#ARGV >= 7 or ARGV[6] ~= '') and '*' or process)
return { 'ok' }
