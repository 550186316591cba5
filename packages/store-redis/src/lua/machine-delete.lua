-- machine-delete: ARGV = now, machineId. Refused while live work exists; otherwise reaps
-- expired work (Expired, token order), deletes tags, backoffs and the machine; history stays.
-- Reply: { 'ok' } | { 'not-found' } | { 'busy', process }.
local id = ARGV[2]
if redis.call('EXISTS', B .. 'm:' .. id) == 0 then
  return { 'not-found' }
end
local held = redis.call('HGETALL', B .. 'w:' .. id)
local items = {}
local busy
for i = 1, #held, 2 do
  local process = held[i]
  local holder, token = string.match(held[i + 1], '^(%S+) (%S+)')
  if session_alive(holder) then
    if not busy or process < busy then
      busy = process
    end
  else
    items[#items + 1] = { id, process, holder, token }
  end
end
if busy then
  return { 'busy', busy }
end
for _, item in ipairs(sort_by_token(items)) do
  work_release(id, item[2], item[3], item[4], 'Expired')
end
tags_delete(id, redis.call('HKEYS', B .. 't:' .. id))
redis.call('DEL', B .. 'm:' .. id, B .. 't:' .. id, B .. 'u:' .. id, B .. 'w:' .. id, B .. 'b:' .. id)
redis.call('SREM', B .. 'bm', id)
redis.call('ZREM', B .. 'ms', id)
return { 'ok' }
