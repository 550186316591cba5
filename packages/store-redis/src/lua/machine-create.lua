-- machine-create: ARGV = now, id, then tags as name, value, name, value, ...
-- Reply: { 'ok', createdAt } | { 'exists' }. Signals anything.
-- Creates the machine with its tags (as tags_set writes them) and createdAt NOW, and lists it in 'ms'.
--- @include "namespace"
--- @include "clock"
--- @include "machines"
--- @include "signals"
--- @include "tags"
local id = ARGV[2]
if redis.call('EXISTS', machine_key(id)) == 1 then
  return { 'exists' }
end
tags_set(id, ARGV, 3, #ARGV, { 'c', NOW_TEXT })
redis.call('ZADD', B .. 'ms', NOW_TEXT, id)
signal('*')
return { 'ok', NOW_TEXT }
