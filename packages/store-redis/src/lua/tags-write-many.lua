-- tags-write-many: ARGV = now, then for each machine: id, number of tags n, then n name,
-- value pairs (see batch_entries). Sets the tags of every machine exactly as tags-write
-- does, or of none when one does not exist (every id is checked before anything is written).
-- Reply: { 'ok' } | { 'not-found', id } (the first missing id in ARGV order). Signals anything.
local entries = batch_entries()
for _, entry in ipairs(entries) do
  if redis.call('EXISTS', machine_key(entry[1])) == 0 then
    return { 'not-found', entry[1] }
  end
end
for _, entry in ipairs(entries) do
  tags_set(entry[1], ARGV, entry[2], entry[3])
end
signal('*')
return { 'ok' }
