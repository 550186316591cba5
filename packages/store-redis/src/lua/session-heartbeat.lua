-- session-heartbeat: ARGV = now, sessionId, retentionMs. Reply: { 'ok', deadline } | { 'session-expired' }.
-- A missing session is dead. The key's expiry moves with the deadline.
--- @include "namespace"
--- @include "numbers"
--- @include "clock"
--- @include "sessions"
local key = B .. 's:' .. ARGV[2]
if not session_alive(ARGV[2]) then
  return { 'session-expired' }
end
local deadline = NOW + tonumber(redis.call('HGET', key, 'interval'))
local deadline_text = n2s(deadline)
redis.call('HSET', key, 'deadline', deadline_text, 'retain', ARGV[3])
session_expire(key, deadline, tonumber(ARGV[3]))
return { 'ok', deadline_text }
