-- ARGV[1] of every script is the injected `now` in ms, or '' to use the server's TIME.
--- @include "numbers"

-- The store clock: the injected `now`, else the server's TIME (ms).
local function clock_now()
  if ARGV[1] ~= '' then
    return tonumber(ARGV[1])
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local NOW = clock_now()

-- NOW as stored text (history lines, updatedAt, startedAt): the injected `now` as the client
-- wrote it (a JavaScript number's shortest round-trip form), else formatted once.
local NOW_TEXT = ARGV[1] ~= '' and ARGV[1] or n2s(NOW)
