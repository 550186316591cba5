-- history-upgrade: ARGV = now (unused), batch size. Moves history written by releases before
-- sequence numbers (list 'h' of every event line, lists 'hm:<id>' per machine) into the
-- sequence-numbered keys (history_put), at most `batch` events per call, oldest first.
-- Reply: how many legacy events are left (0: nothing to do, the namespace is current).
--
-- A round reserves sequence numbers for the events in 'h' when it starts ('hup' holds base,
-- size and done), so they keep their order before any event appended meanwhile; when every
-- one is moved, 'h' is trimmed. 'h' holds every event ('hm:<id>' only repeats the machine's),
-- so the per-machine lists are deleted as their machine's events are met. Lines an engine of
-- an older release appends during or after the upgrade stay in 'h' and are moved by a later
-- round, numbered after what was appended meanwhile.
--- @include "namespace"
--- @include "numbers"
--- @include "history-index"
local legacy = B .. 'h'
local state = B .. 'hup'
if redis.call('LLEN', legacy) == 0 then
  return 0
end
local base, size, done = unpack(redis.call('HMGET', state, 'base', 'size', 'done'))
if base then
  base, size, done = tonumber(base), tonumber(size), tonumber(done)
else
  size = redis.call('LLEN', legacy)
  base = redis.call('INCRBY', B .. 'hseq', size) - size
  done = 0
end
local last = math.min(done + tonumber(ARGV[2]), size)
for i, line in ipairs(redis.call('LRANGE', legacy, done, last - 1)) do
  local id, process = string.match(line, '^%S+ %S+ (%S+) (%S+)')
  history_put(n2s(base + done + i), line, id, process)
  redis.call('DEL', B .. 'hm:' .. id)
end
if last < size then
  redis.call('HSET', state, 'base', n2s(base), 'size', n2s(size), 'done', n2s(last))
  return size - last
end
redis.call('LTRIM', legacy, size, -1)
redis.call('DEL', state)
return redis.call('LLEN', legacy)
