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

-- One step of a listing over zset `key` in its order (score, then member): from just after the
-- cursor (`after_at`, `after_id`; '' '' to start), at most `budget` members, read by ZRANGE in
-- batches of `batch` that double up to 1,024. visit(member, out) appends what it lists to `out`
-- and returns true when that counts toward `limit`. Returns `out`: { cursor score, cursor member,
-- what visit appended }, the cursor being the last member examined when the step stopped at the
-- budget, '' '' when it reached `limit` or the end. A visit that removes members from `key` is
-- safe only when one batch covers the budget (ranks after it would move).
local function zset_page(key, after_at, after_id, budget, batch, limit, visit)
  local rank = zset_rank_after(key, after_at, after_id)
  local out = { '', '' }
  local count = 0
  local examined = 0
  while examined < budget do
    local n = math.min(batch, budget - examined)
    local page = redis.call('ZRANGE', key, rank, rank + n - 1, 'WITHSCORES')
    if #page == 0 then
      return out
    end
    for i = 1, #page, 2 do
      examined = examined + 1
      if visit(page[i], out) then
        count = count + 1
        if count >= limit then
          out[1], out[2] = '', ''
          return out
        end
      end
      out[1], out[2] = page[i + 1], page[i]
    end
    if #page < 2 * n then
      out[1], out[2] = '', ''
      return out
    end
    rank = rank + n
    batch = math.min(batch * 2, 1024)
  end
  return out
end
