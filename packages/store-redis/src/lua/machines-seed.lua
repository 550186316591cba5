-- machines-seed: ARGV = now, then for each machine: id, number of tags n, then n name,
-- value pairs (see batch_entries). Creates the machines that do not exist yet, exactly as
-- machine-create does. Reply: the number created. Signals anything when it created some.
local created = 0
for _, entry in ipairs(batch_entries()) do
  if redis.call('EXISTS', machine_key(entry[1])) == 0 then
    machine_create(entry[1], ARGV, entry[2], entry[3])
    created = created + 1
  end
end
if created > 0 then
  signal('*')
end
return created
