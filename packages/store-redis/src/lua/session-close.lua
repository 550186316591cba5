-- session-close: ARGV = now, sessionId. Releases the session's work in token order
-- (Canceled while alive, Expired when not) and deletes the session. Reply: released count.
local sid = ARGV[2]
local key = B .. 's:' .. sid
if redis.call('EXISTS', key) == 0 then
  return 0
end
local event = session_alive(sid) and 'Canceled' or 'Expired'
local items = {}
for _, pair in ipairs(redis.call('SMEMBERS', B .. 'sw:' .. sid)) do
  local id, process = string.match(pair, '^(%S+) (%S+)$')
  local raw = redis.call('HGET', machine_key(id), 'w:' .. process)
  if raw then
    local holder, token = parse_work(raw)
    if holder == sid then
      items[#items + 1] = { id, process, holder, token }
    end
  end
end
for _, item in ipairs(sort_by_token(items)) do
  work_release(item[1], item[2], sid, item[4], event)
end
redis.call('DEL', key, B .. 'sw:' .. sid)
return #items
