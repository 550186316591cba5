-- work-list: ARGV = now, machineId or '', process or ''.
-- Reply: live work as flat list machineId, process, sessionId, token, startedAt, ... (any order).
local out = {}
local function add(id, process, raw)
  if ARGV[3] ~= '' and process ~= ARGV[3] then
    return
  end
  local sid, token, started = string.match(raw, '^(%S+) (%S+) (%S+)$')
  if session_alive(sid) then
    for _, v in ipairs({ id, process, sid, token, started }) do
      out[#out + 1] = v
    end
  end
end
if ARGV[2] ~= '' then
  local held = redis.call('HGETALL', B .. 'w:' .. ARGV[2])
  for i = 1, #held, 2 do
    add(ARGV[2], held[i], held[i + 1])
  end
  return out
end
for _, pair in ipairs(redis.call('ZRANGE', B .. 'wt', 0, -1)) do
  local id, process = string.match(pair, '^(%S+) (%S+)$')
  local raw = redis.call('HGET', B .. 'w:' .. id, process)
  if raw then
    add(id, process, raw)
  end
end
return out
