-- session-create: ARGV = now, id, component, runtimeInfo, intervalMs, retentionMs.
-- Reply: { createdAt, deadline }. The key expires once the session is retired; the session is
-- added to the session index.
--- @include "namespace"
--- @include "numbers"
--- @include "clock"
--- @include "sessions"
local key = B .. 's:' .. ARGV[2]
local deadline = NOW + tonumber(ARGV[5])
local deadline_text = n2s(deadline)
redis.call('HSET', key, 'component', ARGV[3], 'runtimeInfo', ARGV[4], 'interval', ARGV[5],
  'created', n2s(NOW), 'deadline', deadline_text, 'retain', ARGV[6])
session_expire(key, deadline, tonumber(ARGV[6]))
session_index_add(ARGV[2])
return { n2s(NOW), deadline_text }
