-- finish: ARGV = now, sessionId, machineId, process, token, names to delete (space-separated),
-- then tags to set as name, value, name, value, ... Reply: { 'ok' } | { 'session-expired' } | { 'lost' }.
local sid, id, process, token = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local refused, backoff = work_end(sid, id, process, token)
if refused then
  return { refused }
end
history_append('Finished', id, process, sid, token)
tags_set(id, ARGV, 7, #ARGV)
-- One HDEL: the work, the backoff (if any) and the deleted tags.
local gone = { 'w:' .. process }
if backoff then
  redis.call('SREM', B .. 'bm', id .. ' ' .. process)
  gone[2] = 'b:' .. process
end
machine_hdel(id, tags_unindex(id, words(ARGV[6]), gone))
return { 'ok' }
