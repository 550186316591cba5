-- session-heartbeat: ARGV = now, sessionId. Reply: { 'ok', deadline } | { 'session-expired' }.
local key = B .. 's:' .. ARGV[2]
if not session_alive(ARGV[2]) then
  return { 'session-expired' }
end
local deadline = n2s(NOW + tonumber(redis.call('HGET', key, 'interval')))
redis.call('HSET', key, 'deadline', deadline)
return { 'ok', deadline }
