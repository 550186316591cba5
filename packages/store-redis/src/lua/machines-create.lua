-- machines-create: ARGV = now, then for each machine: id, number of tags n, then n name,
-- value pairs (see batch_entries). Creates every machine exactly as machine-create does, or
-- none when one exists already (every id is checked before anything is written).
-- Reply: { 'ok', createdAt } | { 'exists', id } (the first existing id in ARGV order). Signals
-- anything.
local entries = batch_entries()
for _, entry in ipairs(entries) do
  if redis.call('EXISTS', machine_key(entry[1])) == 1 then
    return { 'exists', entry[1] }
  end
end
for _, entry in ipairs(entries) do
  machine_create(entry[1], ARGV, entry[2], entry[3])
end
signal('*')
return { 'ok', NOW_TEXT }
