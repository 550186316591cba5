-- history: ARGV = now (unused), machineId or '', process or '', limit, before (a sequence
-- number, or '' for the newest).
-- Reply: { read, lowest, seq, line, seq, line, ... }: the most recent `limit` matching events
-- with a sequence number below `before`, oldest first; `read` is how many sequence numbers
-- the index gave and `lowest` the lowest of them ('' when none), where the next older page
-- starts. The index (the pair's, the machine's, the process's or all events) is ordered by
-- sequence number, so a page costs O(log n + limit) whatever the history's length.
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
local seqs = redis.call('ZRANGE', key, top, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, tonumber(ARGV[4]))
if #seqs == 0 then
  return { 0, '' }
end
local lines = redis.call('HMGET', B .. 'he', unpack(seqs))
local out = { #seqs, seqs[#seqs] }
for i = #seqs, 1, -1 do
  if lines[i] then
    out[#out + 1] = seqs[i]
    out[#out + 1] = lines[i]
  end
end
return out
