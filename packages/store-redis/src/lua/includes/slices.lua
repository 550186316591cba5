-- Variadic commands over lists longer than Lua's unpack takes, and the lists they send.

-- Calls `command` with the arguments `list` (after `key`, unless it is nil) in slices of at
-- most 4,000 (Lua's unpack stops near 8,000 values; an even slice keeps ZADD's score, member
-- and HSET's field, value pairs whole). Returns the sum of the replies.
local function call_in_slices(command, key, list)
  local total = 0
  for i = 1, #list, 4000 do
    local j = math.min(i + 3999, #list)
    if key then
      total = total + redis.call(command, key, unpack(list, i, j))
    else
      total = total + redis.call(command, unpack(list, i, j))
    end
  end
  return total
end

-- The list of `key` in `groups` (key -> list), made and added to `order` the first time: lists
-- to send with one variadic command per key, in the order first met.
local function group_list(groups, order, key)
  local list = groups[key]
  if list == nil then
    list = {}
    groups[key] = list
    order[#order + 1] = key
  end
  return list
end

-- Appends the pair a, b to the list of `key` in `groups` (see group_list).
local function group_append(groups, order, key, a, b)
  local list = group_list(groups, order, key)
  list[#list + 1] = a
  list[#list + 1] = b
end
