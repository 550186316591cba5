-- backoff-ends-upgrade: ARGV = now (unused), batch size. Fills the backoff-end indexes 'bu:<process>'
-- from the backoffs a release before them stored ('bm'), about `batch` pairs per call (SSCAN, with
-- its cursor kept in 'buc'), and marks the namespace done ('buv') when the scan comes round.
-- Reply: 1 while pairs remain to be read, 0 once done (at once on a namespace marked done).
--
-- Backoffs written meanwhile by this release are indexed by the transitions themselves (ZADD of
-- the same pair again is harmless). An engine of an older release still running after the mark
-- does not index its fails: a claim that finds nothing may then tell a later `retryInMs` (or
-- none), and its waiters wake on their safety poll instead of at that backoff's end.
--- @include "namespace"
--- @include "pair-field"
--- @include "machines"
--- @include "backoff-ends"
if redis.call('EXISTS', B .. 'buv') == 1 then
  return 0
end
local scan = redis.call('SSCAN', B .. 'bm', redis.call('GET', B .. 'buc') or '0', 'COUNT', ARGV[2])
for _, pair in ipairs(scan[2]) do
  local id, process = string.match(pair, '^(%S+) (%S+)$')
  local raw = redis.call('HGET', machine_key(id), 'p:' .. process)
  local until_at = raw and string.match(pair_backoff(raw), '^(%S+) ')
  if until_at then
    backoff_end_set(id, process, until_at)
  end
end
if scan[1] ~= '0' then
  redis.call('SET', B .. 'buc', scan[1])
  return 1
end
redis.call('DEL', B .. 'buc')
redis.call('SET', B .. 'buv', '1')
return 0
