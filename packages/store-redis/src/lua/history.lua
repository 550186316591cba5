-- history: ARGV = now (unused), machineId or '', process or '', limit, before (a sequence
-- number, or '' for none), after (a sequence number, or '' for none).
-- Reply: { read, edge, seq, line, seq, line, ... }: oldest first, at most `limit` matching events
-- with a sequence number below `before` and above `after`: without `after` the most recent of
-- them (read downwards from `before`), with `after` the oldest (read upwards from `after`).
-- `read` is how many sequence numbers the index gave and `edge` the last one read ('' when none):
-- the lowest going down, the highest going up, where the next page in that direction starts.
-- The index (the pair's, the process's or all events) is ordered by sequence number, so a page
-- costs O(log n + limit) at any depth. A machine's events are the union of its pairs' indexes,
-- one per process that has events ('hp'): a page of each, merged by sequence number, so
-- O(processes × (log n + limit)).
--- @include "namespace"
local id, process = ARGV[2], ARGV[3]
local limit = tonumber(ARGV[4])
local top = ARGV[5] ~= '' and ('(' .. ARGV[5]) or '+inf'
local up = ARGV[6] ~= ''

-- The page of the index `key`: at most `limit` sequence numbers, in reading order.
local function page(key)
  if up then
    return redis.call('ZRANGE', key, '(' .. ARGV[6], top, 'BYSCORE', 'LIMIT', 0, limit)
  end
  return redis.call('ZRANGE', key, top, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit)
end

-- The page of the machine's events: the pages of its pairs, merged in reading order.
local function machine_page()
  local seqs = {}
  for _, name in ipairs(redis.call('SMEMBERS', B .. 'hp')) do
    for _, seq in ipairs(page(B .. 'hxmp:' .. id .. ':' .. name)) do
      seqs[#seqs + 1] = seq
    end
  end
  if up then
    table.sort(seqs, function(a, b) return tonumber(a) < tonumber(b) end)
  else
    table.sort(seqs, function(a, b) return tonumber(a) > tonumber(b) end)
  end
  for i = #seqs, limit + 1, -1 do
    seqs[i] = nil
  end
  return seqs
end

local seqs
if id ~= '' and process ~= '' then
  seqs = page(B .. 'hxmp:' .. id .. ':' .. process)
elseif id ~= '' then
  seqs = machine_page()
elseif process ~= '' then
  seqs = page(B .. 'hxp:' .. process)
else
  seqs = page(B .. 'hx')
end
if #seqs == 0 then
  return { 0, '' }
end
local lines = redis.call('HMGET', B .. 'he', unpack(seqs))
local out = { #seqs, seqs[#seqs] }
local first, last, step = #seqs, 1, -1
if up then
  first, last, step = 1, #seqs, 1
end
for i = first, last, step do
  if lines[i] then
    out[#out + 1] = seqs[i]
    out[#out + 1] = lines[i]
  end
end
return out
