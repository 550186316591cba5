-- machines-seed: ARGV = now, then for each machine: id, number of tags n, then n name,
-- value pairs (see batch_entries). Creates the machines that do not exist yet (the first of
-- a repeated id), exactly as machine-create does. Reply: the number created. Signals anything
-- when it created some.
--- @include "machines"
--- @include "signals"
--- @include "batch"
local fresh, seen = {}, {}
for _, entry in ipairs(batch_entries()) do
  local id = entry[1]
  if not seen[id] and redis.call('EXISTS', machine_key(id)) == 0 then
    seen[id] = true
    fresh[#fresh + 1] = entry
  end
end
batch_write(fresh, true)
if #fresh > 0 then
  signal('*')
end
return #fresh
