-- machines-seed: ARGV = now, then for each machine: id, number of tags n, then n name,
-- value pairs. Creates the machines that do not exist yet, exactly as machine-create does.
-- Reply: the number created.
local created = 0
local i = 2
while i <= #ARGV do
  local id, n = ARGV[i], tonumber(ARGV[i + 1])
  local last = i + 1 + 2 * n
  if redis.call('EXISTS', machine_key(id)) == 0 then
    machine_create(id, ARGV, i + 2, last)
    created = created + 1
  end
  i = last + 1
end
return created
