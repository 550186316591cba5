-- machine-delete: ARGV = now, machineId. Refused while live work exists; otherwise reaps
-- expired work (Expired, token order), deletes tags, backoffs and the machine; history stays.
-- Reply: { 'ok' } | { 'not-found' } | { 'busy', process }.
--- @include "namespace"
--- @include "pair-field"
--- @include "machines"
--- @include "sessions"
--- @include "backoff-ends"
--- @include "work"
--- @include "tags"

-- Items { id, process, sid, token } sorted by token.
local function sort_by_token(items)
  table.sort(items, function(a, b)
    return tonumber(a[4]) < tonumber(b[4])
  end)
  return items
end

local id = ARGV[2]
local all = redis.call('HGETALL', machine_key(id))
if #all == 0 then
  return { 'not-found' }
end
local items = {}
local busy
each_field(all, 'p:', function(process, raw)
  local holder, token = pair_work(raw)
  if not holder then
    return
  end
  if session_alive(holder) then
    if not busy or process < busy then
      busy = process
    end
  else
    items[#items + 1] = { id, process, holder, token }
  end
end)
if busy then
  return { 'busy', busy }
end
for _, item in ipairs(sort_by_token(items)) do
  work_close(id, item[2], item[3], item[4], 'Expired')
end
each_field(all, 't:', function(name)
  tag_unindex(id, name)
end)
each_field(all, 'p:', function(process, raw)
  if pair_backoff(raw) ~= '' then
    redis.call('SREM', B .. 'bm', id .. ' ' .. process)
    backoff_end_drop(id, process)
  end
end)
redis.call('DEL', machine_key(id))
redis.call('ZREM', B .. 'ms', id)
return { 'ok' }
