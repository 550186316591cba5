-- history-prune: ARGV = now, olderThanMs, limit, after (a sequence number, or '' for the oldest).
-- Reply: { deleted, now, next }: one batch of pruneHistory. Examines at most `limit` events in
-- sequence order after `after`, stops at the first one not older than now - olderThanMs, and
-- deletes the others (the 'he' line and every index entry), except the latest event of a pair
-- that has a stored backoff, which explains it. `next` is the last sequence number examined when
-- the caller should go on, '' when it stopped at a recent event or the history ended.
--- @include "namespace"
--- @include "clock"
--- @include "pair-field"
--- @include "machines"
local cutoff = NOW - tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local start = ARGV[4] ~= '' and ('(' .. ARGV[4]) or '-inf'
local seqs = redis.call('ZRANGE', B .. 'hx', start, '+inf', 'BYSCORE', 'LIMIT', 0, limit)
if #seqs == 0 then
  return { 0, NOW_TEXT, '' }
end
local lines = redis.call('HMGET', B .. 'he', unpack(seqs))
local deleted = 0
for i, seq in ipairs(seqs) do
  local line = lines[i]
  if not line then
    redis.call('ZREM', B .. 'hx', seq)
  else
    local at, id, process = string.match(line, '^(%S+) %S+ (%S+) (%S+)')
    if tonumber(at) >= cutoff then
      return { deleted, NOW_TEXT, '' }
    end
    local pair = B .. 'hxmp:' .. id .. ':' .. process
    local raw = redis.call('HGET', machine_key(id), 'p:' .. process)
    local explains = raw and pair_backoff(raw) ~= '' and redis.call('ZRANGE', pair, -1, -1)[1] == seq
    if not explains then
      redis.call('HDEL', B .. 'he', seq)
      redis.call('ZREM', B .. 'hx', seq)
      redis.call('ZREM', B .. 'hxp:' .. process, seq)
      redis.call('ZREM', pair, seq)
      deleted = deleted + 1
    end
  end
end
return { deleted, NOW_TEXT, #seqs < limit and '' or seqs[#seqs] }
