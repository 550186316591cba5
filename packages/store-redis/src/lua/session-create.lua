-- session-create: ARGV = now, id, component, runtimeInfo, intervalMs.
-- Reply: { createdAt, deadline }. The session is added to the session index.
local key = B .. 's:' .. ARGV[2]
local deadline = n2s(NOW + tonumber(ARGV[5]))
redis.call('HSET', key, 'component', ARGV[3], 'runtimeInfo', ARGV[4], 'interval', ARGV[5],
  'created', n2s(NOW), 'deadline', deadline)
session_index_add(ARGV[2])
return { n2s(NOW), deadline }
