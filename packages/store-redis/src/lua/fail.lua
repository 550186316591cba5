-- fail: ARGV = now, sessionId, machineId, process, token, cause, intervalMs, delayMs.
-- Reply: { 'ok', until, active (1|0) } | { 'session-expired' } | { 'lost' }.
local sid, id, process, token, cause = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if not session_alive(sid) then
  return { 'session-expired' }
end
local holder, held_token = work_get(id, process)
if holder ~= sid or held_token ~= token then
  return { 'lost' }
end
work_delete(id, process, sid)
history_append('Failed', id, process, sid, token, cause)
local until_at = NOW + tonumber(ARGV[8])
redis.call('HSET', B .. 'b:' .. id, process, n2s(until_at) .. ' ' .. ARGV[7] .. ' ' .. cause)
redis.call('SADD', B .. 'bm', id)
return { 'ok', n2s(until_at), until_at > NOW and 1 or 0 }
