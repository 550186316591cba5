-- Tag fields 't:'..name of the machine hash and their indexes 'ti:'..name and 'tn'.
--- @include "namespace"
--- @include "clock"
--- @include "machines"

-- Sets the tags given as list[first .. last] (name, value, name, value, ...; `list` is ARGV
-- in the operation scripts) in one HSET, with the extra machine fields `extra` (a flat
-- field, value list) in the same call.
local function tags_set(id, list, first, last, extra)
  local at = NOW_TEXT
  local fields = extra or {}
  for i = first, last, 2 do
    local name = list[i]
    fields[#fields + 1] = 't:' .. name
    fields[#fields + 1] = at .. ' ' .. list[i + 1]
    if redis.call('ZADD', B .. 'ti:' .. name, at, id) == 1 then
      redis.call('SADD', B .. 'tn', name)
    end
  end
  if #fields > 0 then
    redis.call('HSET', machine_key(id), unpack(fields))
  end
end

-- Drops the machine from the index of tag `name`, and the name from the names set when no
-- machine has the tag any more.
local function tag_unindex(id, name)
  local key = B .. 'ti:' .. name
  if redis.call('ZREM', key, id) == 1 and redis.call('ZCARD', key) == 0 then
    redis.call('SREM', B .. 'tn', name)
  end
end

-- Drops the tags named in the space-separated `names` from their indexes and adds their
-- field names to `fields`, for the caller's single HDEL.
local function tags_unindex(id, names, fields)
  for name in string.gmatch(names, '%S+') do
    tag_unindex(id, name)
    fields[#fields + 1] = 't:' .. name
  end
  return fields
end
