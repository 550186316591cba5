--- @include "namespace"

-- Stores the history event `line` of machine `id` and `process` under sequence number
-- `seq` (text) and adds it to the indexes: all events, the process's and the pair's (a
-- machine's events are the union of its pairs': the process joins 'hp', the processes that have
-- events). Every index is ordered by sequence, so a page of the most recent events (or, later,
-- those before or after an event) is one ZRANGE by score, whatever the history's length.
-- (The operation scripts write the same keys for all their events at once: history_flush.)
local function history_put(seq, line, id, process)
  redis.call('HSET', B .. 'he', seq, line)
  redis.call('ZADD', B .. 'hx', seq, seq)
  redis.call('ZADD', B .. 'hxp:' .. process, seq, seq)
  redis.call('ZADD', B .. 'hxmp:' .. id .. ':' .. process, seq, seq)
  redis.call('SADD', B .. 'hp', process)
end
