-- Scripts over many machines (machines-create, machines-seed, tags-write-many).
--- @include "namespace"
--- @include "clock"
--- @include "machines"
--- @include "signals"
--- @include "slices"
--- @include "tags"

-- The machines of a script over many (ARGV = now, then for each machine: id, number of tags
-- n, then n name, value pairs), as a list of { id, first, last }: the machine's tags are
-- ARGV[first .. last], as tags_set takes them.
local function batch_entries()
  local entries = {}
  local i = 2
  while i <= #ARGV do
    local last = i + 1 + 2 * tonumber(ARGV[i + 1])
    entries[#entries + 1] = { ARGV[i], i + 2, last }
    i = last + 1
  end
  return entries
end

-- The first id of `entries` (batch_entries) whose machine exists (`want` 1) or does not
-- (`want` 0), or nil when there is none: one EXISTS counts them all, and only a count that
-- shows such an id is followed by one EXISTS per machine, in input order.
local function batch_first(entries, want)
  local keys = {}
  for i, entry in ipairs(entries) do
    keys[i] = machine_key(entry[1])
  end
  local existing = call_in_slices('EXISTS', nil, keys)
  if existing == (want == 1 and 0 or #keys) then
    return nil
  end
  for i, entry in ipairs(entries) do
    if redis.call('EXISTS', keys[i]) == want then
      return entry[1]
    end
  end
end

-- Writes the tags of every machine of `entries` (batch_entries) at NOW with tags_set, and with
-- `create` the rest of what machine-create.lua writes: one HSET per machine, one ZADD per tag
-- name for all the machines (at the script's end), and one ZADD of 'ms'.
local function batch_write(entries, create)
  local listed = {}
  for _, entry in ipairs(entries) do
    local id = entry[1]
    tags_set(id, ARGV, entry[2], entry[3], create and { 'c', NOW_TEXT } or nil)
    listed[#listed + 1] = NOW_TEXT
    listed[#listed + 1] = id
  end
  if create then
    call_in_slices('ZADD', B .. 'ms', listed)
  end
end

-- Runs a script over many machines all or nothing: when every machine of the batch exists
-- (`create` false) or none does (`create` true), writes them all (batch_write) and signals
-- anything; else writes nothing and returns { 'not-found' | 'exists', id } for the first id in
-- ARGV order that is missing or exists.
local function batch_all_or_none(create)
  local entries = batch_entries()
  local refused = batch_first(entries, create and 1 or 0)
  if refused then
    return { create and 'exists' or 'not-found', refused }
  end
  batch_write(entries, create)
  signal('*')
end
