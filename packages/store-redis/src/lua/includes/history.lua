--- @include "namespace"
--- @include "numbers"
--- @include "clock"
--- @include "slices"
--- @include "deferred"

-- The events appended by this run of the script, in order: { line, machineId, process }.
local history_pending = {}

-- Appends one history event 'at event machineId process sessionId token[ cause]'. It is
-- written at the script's end (history_flush), under the next sequence number.
local function history_append(event, id, process, sid, token, cause)
  local line = NOW_TEXT .. ' ' .. event .. ' ' .. id .. ' ' .. process .. ' ' .. sid .. ' ' .. token
  if cause then
    line = line .. ' ' .. cause
  end
  history_pending[#history_pending + 1] = { line, id, process }
end

-- Writes the events appended, in order, under consecutive sequence numbers, as history_put
-- writes one (see history-index): one INCRBY, one HSET of 'he', one ZADD of 'hx', one ZADD per
-- process index and one SADD of their names to 'hp', however many events; one ZADD per event in
-- its pair's index. (A script seldom writes two events of one pair, and gathering the events per
-- machine cost more than the commands it saved: measured in docs/performance.md.) A machine's
-- events have no index of their own: they are the union of its pairs' (see history.lua).
local function history_flush()
  local count = #history_pending
  if count == 0 then
    return
  end
  local seqs = n2s_run(redis.call('INCRBY', B .. 'hseq', count) - count + 1, count)
  local lines, all, indexed, processes = {}, {}, {}, {}
  for i, event in ipairs(history_pending) do
    local seq = seqs[i]
    local id, process = event[2], event[3]
    lines[#lines + 1] = seq
    lines[#lines + 1] = event[1]
    all[#all + 1] = seq
    all[#all + 1] = seq
    group_append(indexed, processes, process, seq, seq)
    redis.call('ZADD', B .. 'hxmp:' .. id .. ':' .. process, seq, seq)
  end
  call_in_slices('HSET', B .. 'he', lines)
  call_in_slices('ZADD', B .. 'hx', all)
  for _, process in ipairs(processes) do
    call_in_slices('ZADD', B .. 'hxp:' .. process, indexed[process])
  end
  call_in_slices('SADD', B .. 'hp', processes)
  history_pending = {}
end

at_end(history_flush)
