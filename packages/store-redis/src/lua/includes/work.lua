-- Work items: the work index 'wt' and closing or releasing a work item.
--- @include "namespace"
--- @include "machines"
--- @include "pair-field"
--- @include "sessions"
--- @include "history"

-- The member of the work index 'wt' for a work item.
local function work_member(id, process, sid)
  return id .. ' ' .. process .. ' ' .. sid
end

-- Removes a work item from the work index and appends its closing `event` (the pair field
-- is the caller's).
local function work_close(id, process, sid, token, event, cause)
  if redis.call('ZREM', B .. 'wt', work_member(id, process, sid)) == 1 then
    session_work_count(sid, -1)
  end
  history_append(event, id, process, sid, token, cause)
end

-- Releases a work item whose holder is gone or gave it up (Expired, Canceled): closes it
-- and leaves the pair field with its backoff only (deleted when there is none). `raw` is
-- the pair field value.
local function work_release(id, process, sid, token, raw, event)
  work_close(id, process, sid, token, event)
  local backoff = pair_backoff(raw)
  if backoff == '' then
    redis.call('HDEL', machine_key(id), 'p:' .. process)
  else
    redis.call('HSET', machine_key(id), 'p:' .. process, '|' .. backoff)
  end
end
