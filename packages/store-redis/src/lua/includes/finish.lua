--- @include "namespace"
--- @include "machines"
--- @include "pair-field"
--- @include "work"
--- @include "backoff-ends"
--- @include "tags"

-- Finishes the work of session `sid` with `token` on the pair, whose session the caller found
-- alive: closes it (Finished), clears the pair's backoff, sets the tags ARGV[first .. last] (as
-- tags_set takes them) and deletes the tags named in the space-separated `deletes`. Returns false,
-- having written nothing, when the pair no longer holds that work (lost).
local function finish_held(sid, id, process, token, deletes, first, last)
  local field = 'p:' .. process
  local raw = redis.call('HGET', machine_key(id), field)
  if not raw or not holds(raw, sid, token) then
    return false
  end
  work_close(id, process, sid, token, 'Finished')
  if pair_has_backoff(raw) then -- cleared with the pair field below
    redis.call('SREM', B .. 'bm', id .. ' ' .. process)
    backoff_end_drop(id, process)
  end
  tags_set(id, ARGV, first, last)
  -- One HDEL: the pair (work and backoff) and the deleted tags.
  if deletes == '' then
    redis.call('HDEL', machine_key(id), field)
  else
    machine_hdel(id, tags_unindex(id, deletes, { field }))
  end
  return true
end
