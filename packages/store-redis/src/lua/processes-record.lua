-- processes-record: ARGV = now, name, name, ... (checked by core, at least one).
-- Reply: the number of names written.
-- Sets each name's field of B..'procs' to NOW (when an engine last declared it); fields of
-- other names stay: the record only grows. Idempotent.
local args = { B .. 'procs' }
for i = 2, #ARGV do
  args[#args + 1] = ARGV[i]
  args[#args + 1] = NOW_TEXT
end
redis.call('HSET', unpack(args))
return #ARGV - 1
