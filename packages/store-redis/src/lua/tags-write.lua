-- tags-write: ARGV = now, machineId, names to delete (space-separated), then tags to set
-- as name, value, name, value, ... Reply: { 'ok' } | { 'not-found' }. Signals anything.
--- @include "machines"
--- @include "signals"
--- @include "tags"
local id = ARGV[2]
if redis.call('EXISTS', machine_key(id)) == 0 then
  return { 'not-found' }
end
tags_set(id, ARGV, 4, #ARGV)
machine_hdel(id, tags_unindex(id, ARGV[3], {}))
signal('*')
return { 'ok' }
