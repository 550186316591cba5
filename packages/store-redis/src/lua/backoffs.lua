-- backoffs: ARGV = now, machineId or '', process or '', activeOnly (1|0).
-- Reply: flat list machineId, process, until, lastIntervalMs, cause, active (1|0), ...
local ids = ARGV[2] ~= '' and { ARGV[2] } or redis.call('SMEMBERS', B .. 'bm')
local out = {}
for _, id in ipairs(ids) do
  local all = redis.call('HGETALL', B .. 'b:' .. id)
  for i = 1, #all, 2 do
    local process = all[i]
    if ARGV[3] == '' or process == ARGV[3] then
      local until_at, last, cause = string.match(all[i + 1], '^(%S+) (%S+) (.*)$')
      local active = tonumber(until_at) > NOW
      if active or ARGV[4] ~= '1' then
        for _, v in ipairs({ id, process, until_at, last, cause, active and 1 or 0 }) do
          out[#out + 1] = v
        end
      end
    end
  end
end
return out
