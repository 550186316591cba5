--- @include "namespace"

-- Tells the namespace's subscribers (store.subscribe) that work may have become eligible: `what`
-- is the processes whose work ended or backoff cleared, comma-separated (names have no comma), or
-- '*' for anything. Sharded pub/sub (Redis 7): on a Cluster the message stays on the namespace's
-- shard. `pcall`: on a Redis without SPUBLISH (6.2) nothing is published, and nobody can subscribe.
local function signal(what)
  redis.pcall('SPUBLISH', B .. 'wake', what)
end
