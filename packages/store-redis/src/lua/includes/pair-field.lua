-- A pair field 'p:'..process holds the work and the backoff of (machine, process), either
-- part possibly empty (the field is deleted when both are): WORK is 'sessionId token
-- startedAt', BACKOFF is 'until lastIntervalMs cause'. So 'sid 7 1700000000000|' is work
-- without backoff, '|1700000060000 60000 no power' a backoff alone. Only the cause is free
-- text, and it comes last, after the first '|'.

-- Position of the '|' in a pair field value: 1 when it holds no work.
local function pair_bar(raw)
  return string.find(raw, '|', 1, true)
end

-- The work part of a pair value: sessionId, token (strings), or nil when there is none.
local function pair_work(raw)
  return string.match(raw, '^([^ |]+) ([^ |]+) ')
end

-- The backoff part of a pair value ('' when there is none): everything after the first '|'
-- (a cause may contain '|' itself, even end with one).
local function pair_backoff(raw)
  return string.sub(raw, pair_bar(raw) + 1)
end

-- Whether the pair value `raw` holds a backoff: text after its first '|'.
local function pair_has_backoff(raw)
  return pair_bar(raw) < #raw
end

-- Whether the pair value `raw` holds work of session `sid` with fencing token `token`.
local function holds(raw, sid, token)
  local head = sid .. ' ' .. token .. ' '
  return string.sub(raw, 1, #head) == head
end
