-- tags-write: ARGV = now, machineId, names to delete (space-separated), then tags to set
-- as name, value, name, value, ... Reply: { 'ok' } | { 'not-found' }.
local id = ARGV[2]
if redis.call('EXISTS', B .. 'm:' .. id) == 0 then
  return { 'not-found' }
end
tags_set(id, 4)
tags_delete(id, words(ARGV[3]))
return { 'ok' }
