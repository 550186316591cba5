-- machine-create: ARGV = now, id, then tags as name, value, name, value, ...
-- Reply: { 'ok', machine } | { 'exists' }.
local id = ARGV[2]
if redis.call('EXISTS', B .. 'm:' .. id) == 1 then
  return { 'exists' }
end
redis.call('HSET', B .. 'm:' .. id, 'c', n2s(NOW))
redis.call('ZADD', B .. 'ms', n2s(NOW), id)
tags_set(id, 3)
return { 'ok', machine_reply(id) }
