-- Sessions: liveness, expiry and the live work count 'sw'.
--- @include "namespace"
--- @include "clock"
--- @include "deferred"

-- Whether the session is alive at NOW. A missing session is dead. A retired one (deadline +
-- retention <= NOW) is deleted on the way: its key expires by itself too (session_expire), but
-- on real time, which an injected clock may outrun.
local function session_alive(sid)
  local key = B .. 's:' .. sid
  local stored = redis.call('HMGET', key, 'deadline', 'retain')
  local deadline = tonumber(stored[1])
  if not deadline then
    return false
  end
  if deadline > NOW then
    return true
  end
  if stored[2] and deadline + tonumber(stored[2]) <= NOW then
    redis.call('DEL', key)
  end
  return false
end

-- Lets the session key expire once the session is retired: after deadline + retain - NOW ms,
-- counted from this script's NOW, so that with the server's clock it expires exactly at
-- deadline + retain, and with an injected clock after the same span of real time (an absolute
-- PEXPIREAT from a clock far from real time would delete it at once, or keep it for years).
local function session_expire(key, deadline, retain)
  redis.call('PEXPIRE', key, math.max(1, math.ceil(deadline + retain - NOW)))
end

-- The changes to sessions' work counts made by this run of the script: session id -> sum of
-- steps, and the ids in the order first changed.
local session_work_steps, session_work_changed = {}, {}

-- Adds `step` (1 or -1) to the count of session `sid`'s work items in 'sw' (the live work
-- count of the session listing), at the script's end (session_work_flush), after the other
-- deferred writes, which may change the counts (the work index's).
local function session_work_count(sid, step)
  local sum = session_work_steps[sid]
  if sum == nil then
    session_work_changed[#session_work_changed + 1] = sid
    sum = 0
  end
  session_work_steps[sid] = sum + step
end

-- Writes the changed counts: one HINCRBY per session whose count changed; a count that
-- reaches 0 is deleted.
local function session_work_flush()
  for _, sid in ipairs(session_work_changed) do
    local step = session_work_steps[sid]
    if step ~= 0 and redis.call('HINCRBY', B .. 'sw', sid, step) <= 0 then
      redis.call('HDEL', B .. 'sw', sid)
    end
  end
  session_work_steps, session_work_changed = {}, {}
end

at_end_last(session_work_flush)
