-- The first rank in zset `key` after the member `after_id` of score `after_at` (0 when
-- `after_id` is ''): members of a lower score, then those of the same score up to `after_id`
-- (a binary search, as that member may be gone). Zsets order members of one score by text.
local function zset_rank_after(key, after_at, after_id)
  if after_id == '' then
    return 0
  end
  local rank = redis.call('ZCOUNT', key, '-inf', '(' .. after_at)
  local high = redis.call('ZCOUNT', key, '-inf', after_at)
  while rank < high do
    local middle = math.floor((rank + high) / 2)
    if redis.call('ZRANGE', key, middle, middle)[1] <= after_id then
      rank = middle + 1
    else
      high = middle
    end
  end
  return rank
end
