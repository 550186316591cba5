-- fail: ARGV = now, sessionId, machineId, process, token, cause, intervalMs, delayMs.
-- Reply: { 'ok', until, active (1|0) } | { 'session-expired' } | { 'lost' }.
local sid, id, process, token, cause = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local refused, backoff = work_end(sid, id, process, token)
if refused then
  return { refused }
end
history_append('Failed', id, process, sid, token, cause)
local until_at = NOW + tonumber(ARGV[8])
local key = machine_key(id)
redis.call('HDEL', key, 'w:' .. process)
redis.call('HSET', key, 'b:' .. process, n2s(until_at) .. ' ' .. ARGV[7] .. ' ' .. cause)
if not backoff then
  redis.call('SADD', B .. 'bm', id .. ' ' .. process)
end
return { 'ok', n2s(until_at), until_at > NOW and 1 or 0 }
