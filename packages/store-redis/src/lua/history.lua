-- history: ARGV = now (unused), machineId or '', process or '', limit or ''.
-- Reply: the most recent `limit` matching event lines, oldest first.
local key = ARGV[2] ~= '' and (B .. 'hm:' .. ARGV[2]) or (B .. 'h')
local process = ARGV[3]
local limit = ARGV[4] ~= '' and tonumber(ARGV[4]) or math.huge
local picked = {}
local stop = redis.call('LLEN', key) - 1
while stop >= 0 and #picked < limit do
  local first = math.max(0, stop - 999)
  local lines = redis.call('LRANGE', key, first, stop)
  for i = #lines, 1, -1 do
    local line = lines[i]
    local p = string.match(line, '^%S+ %S+ %S+ (%S+)')
    if process == '' or p == process then
      picked[#picked + 1] = line
      if #picked >= limit then
        break
      end
    end
  end
  stop = first - 1
end
local out = {}
for i = #picked, 1, -1 do
  out[#out + 1] = picked[i]
end
return out
