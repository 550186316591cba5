-- machine-history-upgrade: ARGV = now (unused), batch size. Releases before this one kept a
-- history index per machine ('hxm:<id>'); a machine's events are now the union of its pairs'
-- indexes, one per process in 'hp'. Walks every event ('hx', oldest first, at most `batch` per
-- call, from the sequence number kept in 'hpc'), adds its process to 'hp' and deletes its
-- machine's 'hxm:' key; marks the namespace done ('hpv') when the walk reaches the end.
-- Reply: 1 while events remain to be read, 0 once done (at once on a namespace marked done).
--
-- Events written meanwhile by this release add their process to 'hp' themselves, and the walk
-- reaches those an older engine appends before it ends. Stop the engines of older releases first:
-- after the mark, one still running writes 'hxm:' keys again (nothing reads them; they go with
-- the namespace), and its events of a process that had none are missing from their machines'
-- history until this release writes an event of that process.
--- @include "namespace"
if redis.call('EXISTS', B .. 'hpv') == 1 then
  return 0
end
local after = redis.call('GET', B .. 'hpc')
local seqs = redis.call('ZRANGE', B .. 'hx', after and ('(' .. after) or '-inf', '+inf', 'BYSCORE', 'LIMIT', 0,
  tonumber(ARGV[2]))
if #seqs > 0 then
  local lines = redis.call('HMGET', B .. 'he', unpack(seqs))
  local processes, machines = {}, {}
  for _, line in ipairs(lines) do
    if line then
      local id, process = string.match(line, '^%S+ %S+ (%S+) (%S+)')
      processes[process] = true
      machines[B .. 'hxm:' .. id] = true
    end
  end
  for process in pairs(processes) do
    redis.call('SADD', B .. 'hp', process)
  end
  for key in pairs(machines) do
    redis.call('DEL', key)
  end
end
if #seqs == tonumber(ARGV[2]) then
  redis.call('SET', B .. 'hpc', seqs[#seqs])
  return 1
end
redis.call('DEL', B .. 'hpc')
redis.call('SET', B .. 'hpv', '1')
return 0
