-- claim: ARGV = now, sessionId, process, blockers (space-separated), 'id'|'filter',
-- machineId | filter JSON, start fraction in [0, 1) (spreads parallel claimers).
-- Reply: { 'ok', token, startedAt, lastIntervalMs|'', machine } | { reason, ... }.
--
-- Each candidate costs one HMGET of its machine hash: the filter's tag fields, then 'c'
-- (existence), the blockers' work fields and the pair's backoff field. The chosen machine
-- is taken from those values without reading them again.
local sid, process, blockers = ARGV[2], ARGV[3], words(ARGV[4])

if not session_alive(sid) then
  return { 'session-expired' }
end

local by_id = ARGV[5] == 'id'
local filter = not by_id and cjson.decode(ARGV[6]) or nil
local fields = filter and filter_prepare(filter, {}) or {}
local at_created = #fields + 1
fields[at_created] = 'c'
local at_backoff = #fields + 1
fields[at_backoff] = 'b:' .. process
-- Position of each process' work field; the claimed process is always read (its expired
-- work is reaped by the claim), blocker or not.
local at_work = {}
for _, name in ipairs(blockers) do
  if not at_work[name] then
    fields[#fields + 1] = 'w:' .. name
    at_work[name] = #fields
  end
end
if not at_work[process] then
  fields[#fields + 1] = 'w:' .. process
  at_work[process] = #fields
end

-- Why the pair cannot be taken now ({ reason, ... }), or nil. `vals` are the HMGET values.
local function refusal(vals)
  if not vals[at_created] then
    return { 'not-found' }
  end
  for _, blocker in ipairs(blockers) do
    local raw = vals[at_work[blocker]]
    if raw then
      local holder = parse_work(raw)
      if holder == sid or session_alive(holder) then
        return { 'conflict', blocker }
      end
    end
  end
  local raw = vals[at_backoff]
  if raw then
    local until_at, _, cause = parse_backoff(raw)
    if until_at > NOW then
      return { 'backed-off', n2s(until_at), cause }
    end
  end
  return nil
end

-- Takes the pair: reaps its expired work, writes the new work item, appends Started.
local function take(id, vals)
  local own = vals[at_work[process]]
  if own then
    local old_sid, old_token = parse_work(own)
    work_unindex(id, process, old_sid)
    history_append('Expired', id, process, old_sid, old_token)
  end
  local token = redis.call('INCR', B .. 'tok')
  local started = NOW_TEXT
  redis.call('HSET', machine_key(id), 'w:' .. process, sid .. ' ' .. token .. ' ' .. started)
  redis.call('ZADD', B .. 'wt', token, id .. ' ' .. process)
  redis.call('SADD', B .. 'sw:' .. sid, id .. ' ' .. process)
  history_append('Started', id, process, sid, token)
  local last = ''
  if vals[at_backoff] then
    local _, interval = parse_backoff(vals[at_backoff])
    last = interval
  end
  return { 'ok', token, started, last, machine_reply(id) }
end

if by_id then
  local id = ARGV[6]
  local vals = machine_fields(id, fields)
  return refusal(vals) or take(id, vals)
end

local ranges = candidate_ranges(filter)
local start = math.floor(tonumber(ARGV[7]) * source_size(ranges))
local chosen, chosen_vals
scan_candidates(ranges, start, function(id)
  local vals = machine_fields(id, fields)
  if filter_eval(filter, vals) and not refusal(vals) then
    chosen, chosen_vals = id, vals
    return true
  end
  return false
end)
if not chosen then
  return { 'nothing' }
end
return take(chosen, chosen_vals)
