-- cancel: ARGV = now, sessionId, machineId, process, token.
-- Reply: { 'ok', 'Canceled'|'Expired' } | { 'lost' }. Signals the process.
--- @include "pair-field"
--- @include "machines"
--- @include "sessions"
--- @include "signals"
--- @include "work"
local sid, id, process, token = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local raw = redis.call('HGET', machine_key(id), 'p:' .. process)
if not raw or not holds(raw, sid, token) then
  return { 'lost' }
end
local event = session_alive(sid) and 'Canceled' or 'Expired'
work_release(id, process, sid, token, raw, event)
signal(process)
return { 'ok', event }
