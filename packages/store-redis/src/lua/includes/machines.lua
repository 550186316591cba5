-- The machine hash B..'m:'..id: its key, reading it, deleting its fields.
--- @include "namespace"

local function machine_key(id)
  return B .. 'm:' .. id
end

-- The machine as a reply: { id, its hash as HGETALL returns it } (the client picks the
-- 'c' and 't:' fields), or nil when it does not exist.
local function machine_reply(id)
  local all = redis.call('HGETALL', machine_key(id))
  if #all == 0 then
    return nil
  end
  return { id, all }
end

-- Calls visit(name, value) for each field of the machine hash `all` (HGETALL) whose kind
-- is `head` ('t:' or 'p:').
local function each_field(all, head, visit)
  for i = 1, #all, 2 do
    local field = all[i]
    if string.sub(field, 1, 2) == head then
      visit(string.sub(field, 3), all[i + 1])
    end
  end
end

-- Calls visit(id, process, raw) for each (machine, process) pair field of machine `id`.
local function each_pair_of(id, visit)
  each_field(redis.call('HGETALL', machine_key(id)), 'p:', function(process, raw)
    visit(id, process, raw)
  end)
end

-- Calls visit(id, process, raw) for each pair of process `process` ('' for every process): of
-- machine `id` when it is not '' (its pair fields), else of each member of an index, read by the
-- command `...` (members 'machineId process' or 'machineId process sessionId'), `raw` being the
-- pair field's value (nil when the index names a field that is gone).
local function each_pair_in(id, process, visit, ...)
  if id ~= '' then
    each_pair_of(id, function(_, pair_process, raw)
      if process == '' or pair_process == process then
        visit(id, pair_process, raw)
      end
    end)
    return
  end
  for _, member in ipairs(redis.call(...)) do
    local pair_id, pair_process = string.match(member, '^(%S+) (%S+)')
    if process == '' or pair_process == process then
      visit(pair_id, pair_process, redis.call('HGET', machine_key(pair_id), 'p:' .. pair_process))
    end
  end
end

-- Deletes the given fields of the machine hash (nothing when the list is empty).
local function machine_hdel(id, fields)
  if #fields > 0 then
    redis.call('HDEL', machine_key(id), unpack(fields))
  end
end
