-- claim: ARGV = now, sessionId, process, 'id'|'filter'|'many', machineId | filter JSON, start
-- fraction in [0, 1) (spreads parallel claimers), scan budget, limit (the most machines a
-- 'many' claim takes; 1 otherwise), then the other blocking processes.
-- Reply: { 'ok', token, startedAt, lastIntervalMs|'', machine } | { reason, ... }; for 'many'
-- (a batched claim by filter, `claimMany`): { 'ok', startedAt, then token, lastIntervalMs|'',
-- machine id, HGETALL of the machine hash for each work, in token order } (flat, and startedAt
-- once: each value and table of a reply costs the server about as much as a Redis command), or
-- { 'session-expired' }. By filter or 'many', when it takes nothing: { 'nothing', ms } when the
-- process has an active backoff, ms from NOW to the earliest one's end, else { 'nothing' }.
--
-- Each candidate costs one HMGET of its machine hash: the filter's tag fields, then 'c'
-- (existence), the pair field and the other blockers' pair fields. The chosen machine is
-- taken from those values without reading them again.
--
-- Scan budget: a claim by filter examines at most `budget` candidates. When the filter's
-- candidates fit in the budget, the walk starts at the random fraction and covers them all
-- (`nothing` means none is eligible). When they do not, it starts at the source's cursor
-- (hash 'cur', field: the process and the source's label) and stores where it stopped: right after the
-- machine it took, or `budget` positions further when it found none. So successive claims
-- for one process from the same source walk it round like a clock hand: an answer `nothing` means "none in
-- this stretch", and while the candidates stay put, an eligible machine is reached within
-- ceil(candidates / budget) claims. A random start would bound the work too, but cover the
-- candidates only in probability; the cursor makes coverage certain and still spreads
-- parallel claimers (each starts where the previous one stopped).
--
-- A batched claim walks the same way, within one budget for the whole batch, and takes every
-- eligible machine it meets until it has `limit` of them: as many single claims at one NOW
-- would, since taking a machine changes no other machine's eligibility. The cursor then stops
-- right after the last machine taken. (Where the ranges of an `or` overlap, a machine met twice
-- is taken once.)
--- @include "namespace"
--- @include "numbers"
--- @include "clock"
--- @include "pair-field"
--- @include "machines"
--- @include "sessions"
--- @include "history"
--- @include "work"
--- @include "filters"
--- @include "candidates"
local sid, process = ARGV[2], ARGV[3]
local many = ARGV[4] == 'many'

if not session_alive(sid) then
  return { 'session-expired' }
end

local filter = ARGV[4] ~= 'id' and cjson.decode(ARGV[5]) or nil
local fields = filter and filter_prepare(filter, {}) or {}
local at_created = #fields + 1
fields[at_created] = 'c'
local at_own = at_created + 1
fields[at_own] = 'p:' .. process
local FIRST_OTHER = 9
for i = FIRST_OTHER, #ARGV do
  fields[at_own + i - FIRST_OTHER + 1] = 'p:' .. ARGV[i]
end

-- Reserves the next `count` fencing tokens with one INCRBY and returns the first of them. A
-- token goes on as text, made once with n2s (a concatenated number would be formatted with 14
-- digits, every time).
local function next_tokens(count)
  return redis.call('INCRBY', B .. 'tok', count) - count + 1
end

-- Whether the pair value `raw` holds work of a session other than the claimer's dead one,
-- i.e. work that blocks the claim.
local function blocks(raw)
  if not raw or string.byte(raw, 1) == 124 then -- no field, or '|': no work
    return false
  end
  local holder = pair_work(raw)
  return holder == sid or session_alive(holder)
end

-- Why the pair cannot be taken now ({ reason, ... }), or nil. `vals` are the HMGET values. A
-- conflict names the process itself if it holds the pair, else the first other blocker that
-- does, in ARGV order, which is name order (the contract of Store.claim).
local function refusal(vals)
  if not vals[at_created] then
    return { 'not-found' }
  end
  local own = vals[at_own]
  if blocks(own) then
    return { 'conflict', process }
  end
  for i = FIRST_OTHER, #ARGV do
    if blocks(vals[at_own + i - FIRST_OTHER + 1]) then
      return { 'conflict', ARGV[i] }
    end
  end
  if own then
    local backoff = pair_backoff(own)
    if backoff ~= '' then
      local until_at, cause = string.match(backoff, '^(%S+) %S+ (.*)$')
      if tonumber(until_at) > NOW then
        return { 'backed-off', until_at, cause }
      end
    end
  end
  return nil
end

-- Takes the pair with the fencing token `token` (text): reaps its expired work, writes the new
-- work item (keeping the pair's backoff), appends Started. Returns the token and the pair's last
-- backoff interval ('' when none).
local function take(id, vals, token)
  local own = vals[at_own]
  local backoff, last = '', ''
  if own then
    local old_sid, old_token = pair_work(own)
    if old_sid then
      work_close(id, process, old_sid, old_token, 'Expired')
    end
    backoff = pair_backoff(own)
    last = string.match(backoff, '^%S+ (%S+)') or ''
  end
  redis.call('HSET', machine_key(id), fields[at_own], sid .. ' ' .. token .. ' ' .. NOW_TEXT .. '|' .. backoff)
  work_index_add(id, process, sid, token)
  history_append('Started', id, process, sid, token)
  return token, last
end

-- Takes one pair: the reply { 'ok', token, startedAt, lastIntervalMs|'', machine }. The machine
-- is read before the take, which changes only its pair field (not part of a machine reply).
local function take_one(id, vals)
  local machine = machine_reply(id)
  local token, last = take(id, vals, n2s(next_tokens(1)))
  return { 'ok', token, NOW_TEXT, last, machine }
end

if not filter then
  local id = ARGV[5]
  local vals = redis.call('HMGET', machine_key(id), unpack(fields))
  return refusal(vals) or take_one(id, vals)
end

local ranges = candidate_ranges(filter)
local total = source_size(ranges)
local budget = tonumber(ARGV[7])
local cursor = total > budget and (process .. ' ' .. source_label(ranges))
local start
if cursor then
  start = tonumber(redis.call('HGET', B .. 'cur', cursor)) or 0
else
  start = math.floor(tonumber(ARGV[6]) * total)
end
local limit = tonumber(ARGV[8])
local chosen, chosen_vals = {}, {}
-- Where an `or` gives ranges that overlap, a machine met twice is taken once.
local taken = #ranges > 1 and {} or nil
local _, examined = scan_candidates(ranges, start, function(id)
  if taken and taken[id] then
    return false
  end
  local vals = redis.call('HMGET', machine_key(id), unpack(fields))
  if filter_eval(filter, vals) and not refusal(vals) then
    local n = #chosen + 1
    chosen[n] = id
    chosen_vals[n] = vals
    if taken then
      taken[id] = true
    end
    return n >= limit
  end
  return false
end, budget)
if cursor then
  redis.call('HSET', B .. 'cur', cursor, (start + examined) % total)
end
if not chosen[1] then
  -- When the earliest backoff of the process ends (its index 'bu:'), so a waiter sleeps until then.
  local first = redis.call('ZRANGE', B .. 'bu:' .. process, '(' .. NOW_TEXT, '+inf', 'BYSCORE', 'LIMIT', 0, 1, 'WITHSCORES')
  return first[2] and { 'nothing', n2s(tonumber(first[2]) - NOW) } or { 'nothing' }
end
if not many then
  return take_one(chosen[1], chosen_vals[1])
end
local tokens = n2s_run(next_tokens(#chosen), #chosen)
local works = { 'ok', NOW_TEXT }
for i, id in ipairs(chosen) do
  local hash = redis.call('HGETALL', machine_key(id))
  local token, last = take(id, chosen_vals[i], tokens[i])
  local n = #works
  works[n + 1] = token
  works[n + 2] = last
  works[n + 3] = id
  works[n + 4] = hash
end
return works
