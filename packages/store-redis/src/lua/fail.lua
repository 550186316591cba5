-- fail: ARGV = now, sessionId, machineId, process, token, cause, intervalMs, delayMs.
-- Reply: { 'ok', until, active (1|0) } | { 'session-expired' } | { 'lost' }. Signals the process.
--- @include "namespace"
--- @include "numbers"
--- @include "clock"
--- @include "pair-field"
--- @include "machines"
--- @include "sessions"
--- @include "signals"
--- @include "backoff-ends"
--- @include "work"
local sid, id, process, token, cause = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if not session_alive(sid) then
  return { 'session-expired' }
end
local key, field = machine_key(id), 'p:' .. process
local raw = redis.call('HGET', key, field)
if not raw or not holds(raw, sid, token) then
  return { 'lost' }
end
work_close(id, process, sid, token, 'Failed', cause)
local until_at = NOW + tonumber(ARGV[8])
local until_text = n2s(until_at)
-- One HSET replaces the work with the backoff.
redis.call('HSET', key, field, '|' .. until_text .. ' ' .. ARGV[7] .. ' ' .. cause)
if not pair_has_backoff(raw) then -- the pair had no backoff yet
  redis.call('SADD', B .. 'bm', id .. ' ' .. process)
end
backoff_end_set(id, process, until_text)
signal(process)
return { 'ok', until_text, until_at > NOW and 1 or 0 }
