-- machine-list: ARGV = now, limit, filter JSON or ''. Reply: machines ordered by (createdAt, id).
-- Without a positive index the listing walks all machines in order and stops at `limit`;
-- with one, it evaluates the index's machines and returns them sorted (the client sorts).
local limit = tonumber(ARGV[2])
local filter = ARGV[3] ~= '' and cjson.decode(ARGV[3]) or nil
local source = filter and filter_source(filter)
local out = {}
if source then
  local seen = {}
  scan_candidates(source, 0, function(id)
    if not seen[id] then
      seen[id] = true
      if filter_matches(filter, id) then
        out[#out + 1] = machine_reply(id)
      end
    end
    return nil
  end)
  return out
end
scan_candidates(candidate_ranges(nil), 0, function(id)
  if not filter or filter_matches(filter, id) then
    out[#out + 1] = machine_reply(id)
  end
  return #out >= limit
end)
return out
