-- claim: ARGV = now, sessionId, process, blockers (space-separated), 'id'|'filter',
-- machineId | filter JSON, start fraction in [0, 1) (spreads parallel claimers).
-- Reply: { 'ok', token, startedAt, lastIntervalMs|'', machine } | { reason, ... }.
local sid, process, blockers = ARGV[2], ARGV[3], words(ARGV[4])

-- Nil when no live work blocks `process` on `id`, else the blocking process.
local function blocking_process(id)
  local held = redis.call('HMGET', B .. 'w:' .. id, unpack(blockers))
  for i, raw in ipairs(held) do
    if raw then
      local holder = string.match(raw, '^(%S+)')
      if session_alive(holder) then
        return blockers[i]
      end
    end
  end
  return nil
end

local function active_backoff(id)
  local until_at, _, cause = backoff_get(id, process)
  if until_at and until_at > NOW then
    return until_at, cause
  end
  return nil
end

local function take(id)
  local old_sid, old_token = work_get(id, process)
  if old_sid then
    work_release(id, process, old_sid, old_token, 'Expired')
  end
  local token = redis.call('INCR', B .. 'tok')
  local pair = id .. ' ' .. process
  local started = n2s(NOW)
  redis.call('HSET', B .. 'w:' .. id, process, sid .. ' ' .. token .. ' ' .. started)
  redis.call('ZADD', B .. 'wt', token, pair)
  redis.call('SADD', B .. 'sw:' .. sid, pair)
  history_append('Started', id, process, sid, token)
  local _, last = backoff_get(id, process)
  return { 'ok', token, started, last or '', machine_reply(id) }
end

if not session_alive(sid) then
  return { 'session-expired' }
end

if ARGV[5] == 'id' then
  local id = ARGV[6]
  if redis.call('EXISTS', B .. 'm:' .. id) == 0 then
    return { 'not-found' }
  end
  local blocker = blocking_process(id)
  if blocker then
    return { 'conflict', blocker }
  end
  local until_at, cause = active_backoff(id)
  if until_at then
    return { 'backed-off', n2s(until_at), cause }
  end
  return take(id)
end

local filter = cjson.decode(ARGV[6])
local ranges = candidate_ranges(filter)
local start = math.floor(tonumber(ARGV[7]) * source_size(ranges))
local chosen = scan_candidates(ranges, start, function(id)
  if filter_matches(filter, id) and not blocking_process(id) and not active_backoff(id) then
    return id
  end
  return nil
end)
if not chosen then
  return { 'nothing' }
end
return take(chosen)
