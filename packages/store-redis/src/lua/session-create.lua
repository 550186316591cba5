-- session-create: ARGV = now, id, component, runtimeInfo, intervalMs, retentionMs.
-- Reply: { createdAt, deadline }. The key expires once the session is retired; the session is
-- added to the session index.
--- @include "namespace"
--- @include "numbers"
--- @include "clock"
--- @include "sessions"

-- Adds session `sid`, created at NOW, to the session index 'sx', and drops from the index up
-- to two sessions whose key is gone (expired or closed), examined round-robin from the rank
-- kept in 'sxc': two per create against one added, so the sweep comes round and the index
-- stays about as small as the sessions kept, even if nobody lists them.
local function session_index_add(sid)
  local key = B .. 'sx'
  redis.call('ZADD', key, NOW, sid)
  local rank = tonumber(redis.call('GET', B .. 'sxc')) or 0
  if rank >= redis.call('ZCARD', key) then
    rank = 0
  end
  local ids = redis.call('ZRANGE', key, rank, rank + 1)
  for _, id in ipairs(ids) do
    if redis.call('EXISTS', B .. 's:' .. id) == 0 then
      redis.call('ZREM', key, id)
    else
      rank = rank + 1
    end
  end
  if #ids < 2 then -- the end (where new sessions go): start over from the oldest
    rank = 0
  end
  redis.call('SET', B .. 'sxc', rank)
end

local key = B .. 's:' .. ARGV[2]
local deadline = NOW + tonumber(ARGV[5])
local deadline_text = n2s(deadline)
redis.call('HSET', key, 'component', ARGV[3], 'runtimeInfo', ARGV[4], 'interval', ARGV[5],
  'created', n2s(NOW), 'deadline', deadline_text, 'retain', ARGV[6])
session_expire(key, deadline, tonumber(ARGV[6]))
session_index_add(ARGV[2])
return { n2s(NOW), deadline_text }
