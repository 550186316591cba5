-- work-list: ARGV = now, machineId or '', process or ''.
-- Reply: live work as flat list machineId, process, sessionId, token, startedAt, ... (any order).
local out = {}
local function add(id, process, raw)
  if ARGV[3] ~= '' and process ~= ARGV[3] then
    return
  end
  local sid, token, started = parse_work(raw)
  if session_alive(sid) then
    for _, v in ipairs({ id, process, sid, token, started }) do
      out[#out + 1] = v
    end
  end
end
if ARGV[2] ~= '' then
  local id = ARGV[2]
  each_field(redis.call('HGETALL', machine_key(id)), 'w', function(process, raw)
    add(id, process, raw)
  end)
  return out
end
for _, pair in ipairs(redis.call('ZRANGE', B .. 'wt', 0, -1)) do
  local id, process = string.match(pair, '^(%S+) (%S+)$')
  local raw = redis.call('HGET', machine_key(id), 'w:' .. process)
  if raw then
    add(id, process, raw)
  end
end
return out
