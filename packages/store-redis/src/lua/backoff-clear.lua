-- backoff-clear: ARGV = now, machineId, process, resetInterval ('1'|'0'), reason ('' for none),
-- the session id of operator events.
-- Reply: { 'ok', active (1|0) } | { 'not-found' }.
-- An active backoff gets until = NOW (its lastIntervalMs and cause kept), or is deleted with
-- resetInterval, as an inactive one is; a change appends BackoffCleared (token 0) and signals the
-- process. The pair's work part is kept as it is.
--- @include "namespace"
--- @include "clock"
--- @include "pair-field"
--- @include "machines"
--- @include "signals"
--- @include "backoff-ends"
--- @include "history"
local id, process, reason = ARGV[2], ARGV[3], ARGV[5]
local key, field = machine_key(id), 'p:' .. process
local vals = redis.call('HMGET', key, 'c', field)
if not vals[1] then
  return { 'not-found' }
end
local raw = vals[2]
local backoff = raw and pair_backoff(raw) or ''
if backoff == '' then
  return { 'ok', 0 }
end
local until_at, kept = string.match(backoff, '^(%S+) (.*)$')
local active = tonumber(until_at) > NOW
local work = string.sub(raw, 1, pair_bar(raw) - 1)
if ARGV[4] == '1' then
  if work == '' then
    redis.call('HDEL', key, field)
  else
    redis.call('HSET', key, field, work .. '|')
  end
  redis.call('SREM', B .. 'bm', id .. ' ' .. process)
  backoff_end_drop(id, process)
elseif active then
  redis.call('HSET', key, field, work .. '|' .. NOW_TEXT .. ' ' .. kept)
  backoff_end_set(id, process, NOW_TEXT)
else
  return { 'ok', 0 }
end
history_append('BackoffCleared', id, process, ARGV[6], '0', reason ~= '' and reason or nil)
signal(process)
return { 'ok', active and 1 or 0 }
