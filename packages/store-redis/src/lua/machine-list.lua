-- machine-list: ARGV = now, limit, filter JSON or '', scan budget, then the cursor of a
-- continued listing: createdAt, id of the last machine examined ('' '' to start).
-- Reply: { cursor createdAt|'', cursor id|'', machine, ... }: at most `limit` machines
-- passing the filter, ordered by (createdAt, id); a cursor when the listing stopped at the
-- budget before `limit` machines were found and the client must call again from there.
--
-- One call examines at most `budget` machines. A filter whose positive index holds at most
-- `budget` machines is answered from that index in one call (read, sort, keep `limit`);
-- otherwise the call walks all machines ('ms', ordered by createdAt then id, as the listing
-- is) from the cursor, evaluates the filter on each and stops at `limit` matches.
--- @include "namespace"
--- @include "machines"
--- @include "filters"
--- @include "candidates"
--- @include "paging"
local limit = tonumber(ARGV[2])
local filter = ARGV[3] ~= '' and cjson.decode(ARGV[3]) or nil
local budget = tonumber(ARGV[4])
local after_at, after_id = ARGV[5], ARGV[6]
local fields = filter and filter_prepare(filter, {}) or {}
local at_created = #fields + 1
fields[at_created] = 'c'

-- The machine hash values the filter reads (and createdAt last).
local function read(id)
  return redis.call('HMGET', machine_key(id), unpack(fields))
end

-- The listing from the filter's own index: every candidate read once, the first `limit`
-- matches by (createdAt, id).
local function from_source(source)
  local seen, found = {}, {}
  scan_candidates(source, 0, function(id)
    if not seen[id] then
      seen[id] = true
      local vals = read(id)
      if filter_eval(filter, vals) then
        found[#found + 1] = { tonumber(vals[at_created]), id }
      end
    end
    return nil
  end, budget)
  table.sort(found, function(a, b)
    return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
  end)
  local out = { '', '' }
  for i = 1, math.min(limit, #found) do
    out[#out + 1] = machine_reply(found[i][2])
  end
  return out
end

if filter and after_id == '' then
  local source = filter_source(filter)
  if source and source_size(source) <= budget then
    return from_source(source)
  end
end

-- Walks all machines ('ms': createdAt, then id) from the cursor, in batches from 64 up.
return zset_page(B .. 'ms', after_at, after_id, budget, 64, limit, function(id, out)
  if filter and not filter_eval(filter, read(id)) then
    return false
  end
  out[#out + 1] = machine_reply(id)
  return true
end)
