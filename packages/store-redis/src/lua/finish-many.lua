-- finish-many: ARGV = now, then for each finish: sessionId, machineId, process, token, names to
-- delete (space-separated), number of tags to set n, then n name, value pairs. Runs each finish
-- exactly as finish.lua does, in ARGV order, at one NOW: an entry that is lost or whose session
-- is dead writes nothing of its own. Reply: one text with a letter per finish, in order: 'o' (ok),
-- 'l' (lost) or 'x' (session expired); one value rather than one per finish, since each value of
-- a reply costs the server about as much as a Redis command. Signals once: the processes of the
-- finishes applied, or anything when one of them wrote or deleted tags; nothing when none was
-- applied.
--- @include "sessions"
--- @include "signals"
--- @include "finish"
local reply = {}
local alive = {}
local processes = {}
local listed = {}
local anything = false
local i = 2
while i <= #ARGV do
  local sid, id, process, token, deletes = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  local first = i + 6
  local last = i + 5 + 2 * tonumber(ARGV[i + 5])
  if alive[sid] == nil then
    alive[sid] = session_alive(sid)
  end
  if not alive[sid] then
    reply[#reply + 1] = 'x'
  elseif not finish_held(sid, id, process, token, deletes, first, last) then
    reply[#reply + 1] = 'l'
  else
    reply[#reply + 1] = 'o'
    if last >= first or deletes ~= '' then
      anything = true
    elseif not listed[process] then
      listed[process] = true
      processes[#processes + 1] = process
    end
  end
  i = last + 1
end
if anything then
  signal('*')
elseif #processes > 0 then
  signal(table.concat(processes, ','))
end
return table.concat(reply)
