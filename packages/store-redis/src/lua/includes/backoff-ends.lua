-- The backoff-end indexes B..'bu:'..process (machine id -> until of its stored backoff).
--- @include "namespace"

-- Records `until_text` as the end of the pair's stored backoff in the process's index 'bu:'.
local function backoff_end_set(id, process, until_text)
  redis.call('ZADD', B .. 'bu:' .. process, until_text, id)
end

-- Drops the pair from the process's backoff-end index (its backoff is gone).
local function backoff_end_drop(id, process)
  redis.call('ZREM', B .. 'bu:' .. process, id)
end
