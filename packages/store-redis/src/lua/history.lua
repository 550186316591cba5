-- history: ARGV = now (unused), machineId or '', process or '', limit, before (a sequence
-- number, or '' for none), after (a sequence number, or '' for none).
-- Reply: { read, edge, seq, line, seq, line, ... }: oldest first, at most `limit` matching events
-- with a sequence number below `before` and above `after`: without `after` the most recent of
-- them (read downwards from `before`), with `after` the oldest (read upwards from `after`).
-- `read` is how many sequence numbers the index gave and `edge` the last one read ('' when none):
-- the lowest going down, the highest going up, where the next page in that direction starts.
-- The index (the pair's, the machine's, the process's or all events) is ordered by sequence
-- number, so a page costs O(log n + limit) at any depth.
--- @include "namespace"
local id, process = ARGV[2], ARGV[3]
local key
if id ~= '' and process ~= '' then
  key = B .. 'hxmp:' .. id .. ':' .. process
elseif id ~= '' then
  key = B .. 'hxm:' .. id
elseif process ~= '' then
  key = B .. 'hxp:' .. process
else
  key = B .. 'hx'
end
local top = ARGV[5] ~= '' and ('(' .. ARGV[5]) or '+inf'
local up = ARGV[6] ~= ''
local seqs
if up then
  seqs = redis.call('ZRANGE', key, '(' .. ARGV[6], top, 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[4]))
else
  seqs = redis.call('ZRANGE', key, top, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, tonumber(ARGV[4]))
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
