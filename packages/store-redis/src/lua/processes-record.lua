-- processes-record: ARGV = now, name, name, ... (checked by core, at least one).
-- Reply: the number of names written.
-- Sets each name's field of B..'procs' to NOW (when an engine last declared it); fields of
-- other names stay: the record only grows. Idempotent.
--- @include "namespace"
--- @include "clock"
for i = 2, #ARGV do
  redis.call('HSET', B .. 'procs', ARGV[i], NOW_TEXT)
end
return #ARGV - 1
