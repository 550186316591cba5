-- Tag fields 't:'..name of the machine hash and their indexes 'ti:'..name and 'tn'.
--- @include "namespace"
--- @include "clock"
--- @include "machines"
--- @include "slices"
--- @include "deferred"

-- The index entries of tags set by this run of the script, written at its end (tags_index_flush)
-- with one ZADD per tag name: name -> flat list of updatedAt, machine id; names in the order
-- first set.
local tags_indexed, tags_indexed_names = {}, {}

-- Sets the tags given as list[first .. last] (name, value, name, value, ...; `list` is ARGV
-- in the operation scripts) in one HSET, with the extra machine fields `extra` (a flat
-- field, value list) in the same call. Their index entries follow at the script's end.
local function tags_set(id, list, first, last, extra)
  local at = NOW_TEXT
  local fields = extra or {}
  for i = first, last, 2 do
    local name = list[i]
    fields[#fields + 1] = 't:' .. name
    fields[#fields + 1] = at .. ' ' .. list[i + 1]
    group_append(tags_indexed, tags_indexed_names, name, at, id)
  end
  if #fields > 0 then
    redis.call('HSET', machine_key(id), unpack(fields))
  end
end

-- Writes the pending index entries of tag `name` now (one ZADD). Returns the name when its index
-- gained members, for the caller to add to the names set 'tn', else nil.
local function tag_index_flush(name)
  local entries = tags_indexed[name]
  if entries == nil then
    return nil
  end
  tags_indexed[name] = nil
  if call_in_slices('ZADD', B .. 'ti:' .. name, entries) > 0 then
    return name
  end
end

-- Writes every pending index entry: one ZADD per tag name, and one SADD of the names whose
-- index gained members.
local function tags_index_flush()
  local grown = {}
  for _, name in ipairs(tags_indexed_names) do
    grown[#grown + 1] = tag_index_flush(name)
  end
  call_in_slices('SADD', B .. 'tn', grown)
  tags_indexed, tags_indexed_names = {}, {}
end

at_end(tags_index_flush)

-- Drops the machine from the index of tag `name`, and the name from the names set when no
-- machine has the tag any more. The tag's pending index entries are written first, so the
-- index changes in the order the script made them.
local function tag_unindex(id, name)
  if tag_index_flush(name) then
    redis.call('SADD', B .. 'tn', name)
  end
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
