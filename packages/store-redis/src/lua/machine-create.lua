-- machine-create: ARGV = now, id, then tags as name, value, name, value, ...
-- Reply: { 'ok', createdAt } | { 'exists' }. Signals anything.
local id = ARGV[2]
if redis.call('EXISTS', machine_key(id)) == 1 then
  return { 'exists' }
end
local created = machine_create(id, ARGV, 3, #ARGV)
signal('*')
return { 'ok', created }
