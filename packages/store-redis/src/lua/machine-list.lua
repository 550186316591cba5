-- machine-list: ARGV = now, limit, filter JSON or ''. Reply: machines ordered by (createdAt, id).
-- Without a positive index the listing walks all machines in order and stops at `limit`;
-- with one, it evaluates the index's machines and returns them sorted (the client sorts).
local limit = tonumber(ARGV[2])
local filter = ARGV[3] ~= '' and cjson.decode(ARGV[3]) or nil
local fields = filter and filter_prepare(filter, {}) or {}
local source = filter and filter_source(filter)
local out = {}

-- Adds the machine when it passes the filter; true once `limit` machines were found.
local function consider(id)
  if filter then
    -- A filter without leaves (an empty and/or) reads no field.
    local vals = #fields > 0 and redis.call('HMGET', machine_key(id), unpack(fields)) or {}
    if not filter_eval(filter, vals) then
      return false
    end
  end
  out[#out + 1] = machine_reply(id)
  return #out >= limit
end

if source then
  local seen = {}
  scan_candidates(source, 0, function(id)
    if not seen[id] then
      seen[id] = true
      consider(id)
    end
    return nil
  end)
  return out
end
scan_candidates(candidate_ranges(nil), 0, consider)
return out
