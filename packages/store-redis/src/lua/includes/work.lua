-- Work items: the work index 'wt' and closing or releasing a work item.
--- @include "namespace"
--- @include "machines"
--- @include "pair-field"
--- @include "sessions"
--- @include "history"
--- @include "slices"
--- @include "deferred"

-- The member of the work index 'wt' for a work item.
local function work_member(id, process, sid)
  return id .. ' ' .. process .. ' ' .. sid
end

-- The changes to the work index 'wt' made by this run of the script, written at its end
-- (work_index_flush): token, member pairs to add, and per session the members to remove (with
-- the sessions in the order first met).
local work_added, work_removed, work_removed_sessions = {}, {}, {}

-- Adds a new work item to the work index (at the script's end) and counts it as the session's.
local function work_index_add(id, process, sid, token)
  work_added[#work_added + 1] = token
  work_added[#work_added + 1] = work_member(id, process, sid)
  session_work_count(sid, 1)
end

-- Removes a work item from the work index and appends its closing `event` (the pair field
-- is the caller's). The index changes at the script's end, where the session's work count
-- drops by the members actually removed.
local function work_close(id, process, sid, token, event, cause)
  local members = group_list(work_removed, work_removed_sessions, sid)
  members[#members + 1] = work_member(id, process, sid)
  history_append(event, id, process, sid, token, cause)
end

-- Writes the work index changes: one ZREM per session, then one ZADD. No script adds and then
-- removes one member (a claim reaps only work of dead sessions, and takes for its own live one),
-- so removing first keeps the order a script made its changes in.
local function work_index_flush()
  for _, sid in ipairs(work_removed_sessions) do
    local removed = call_in_slices('ZREM', B .. 'wt', work_removed[sid])
    if removed > 0 then
      session_work_count(sid, -removed)
    end
  end
  call_in_slices('ZADD', B .. 'wt', work_added)
  work_added, work_removed, work_removed_sessions = {}, {}, {}
end

at_end(work_index_flush)

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
