-- session-list: ARGV = now, aliveOnly ('1'|'0'), limit, scan budget, then the cursor of a
-- continued listing: createdAt, id of the last session examined ('' '' to start).
-- Reply: { cursor createdAt|'', cursor id|'', then per session: id, component, runtimeInfo,
-- interval, created, deadline, alive (1|0), live work count }: at most `limit` sessions,
-- ordered by (createdAt, id); a cursor when the call stopped at the budget before `limit`
-- sessions were found and the client must call again from there.
--
-- Walks the session index 'sx' from the cursor, at most `budget` ids per call, read at once (one
-- ZRANGE); an id whose session key is gone (expired, closed) is dropped from the index on the
-- way. A session's live work count is its count in 'sw' while it is alive, else 0.
--- @include "namespace"
--- @include "clock"
--- @include "lists"
--- @include "paging"
local alive_only = ARGV[2] == '1'
local limit = tonumber(ARGV[3])
local budget = tonumber(ARGV[4])
local key = B .. 'sx'
return zset_page(key, ARGV[5], ARGV[6], budget, budget, limit, function(sid, out)
  local s = redis.call('HMGET', B .. 's:' .. sid, 'component', 'runtimeInfo', 'interval', 'created', 'deadline')
  if not s[5] then
    redis.call('ZREM', key, sid)
    return false
  end
  local alive = tonumber(s[5]) > NOW
  if not alive and alive_only then
    return false
  end
  local work = alive and (redis.call('HGET', B .. 'sw', sid) or 0) or 0
  append_all(out, { sid, s[1], s[2], s[3], s[4], s[5], alive and 1 or 0, tonumber(work) })
  return true
end)
