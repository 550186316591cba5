-- Candidate sources of a claim or a listing by filter: rank ranges over sorted sets, and the
-- walk over them.
--- @include "namespace"
--- @include "numbers"
--- @include "clock"

-- A candidate source is a list of rank ranges { key, first, last, label } over sorted sets
-- whose union holds every machine the filter can match; nil when the filter implies no
-- positive index (then the caller scans all machines). `label` names the range's kind
-- without its bounds ('ti:Rack', 'ti:Rack<' for older, 'ti:Rack>' for newer, 'ms'), so the
-- labels of a source name it stably while its bounds move with time (see source_label).
local function source_size(ranges)
  local n = 0
  for _, r in ipairs(ranges) do
    n = n + (r[3] - r[2] + 1)
  end
  return n
end

local function filter_source(f)
  local k = f.k
  if k == 'has' or k == 'eq' then
    local key = B .. 'ti:' .. f.t
    return { { key, 0, redis.call('ZCARD', key) - 1, 'ti:' .. f.t } }
  elseif k == 'older' then
    local key = B .. 'ti:' .. f.t
    return { { key, 0, redis.call('ZCOUNT', key, '-inf', n2s(NOW - f.ms)) - 1, 'ti:' .. f.t .. '<' } }
  elseif k == 'newer' then
    local key = B .. 'ti:' .. f.t
    local first = redis.call('ZCOUNT', key, '-inf', n2s(NOW - f.ms))
    return { { key, first, redis.call('ZCARD', key) - 1, 'ti:' .. f.t .. '>' } }
  elseif k == 'and' then
    local best, best_size
    for _, child in ipairs(f.f) do
      local source = filter_source(child)
      if source then
        local size = source_size(source)
        if not best or size < best_size then
          best, best_size = source, size
        end
      end
    end
    return best
  elseif k == 'or' then
    local all = {}
    for _, child in ipairs(f.f) do
      local source = filter_source(child)
      if not source then
        return nil
      end
      for _, r in ipairs(source) do
        all[#all + 1] = r
      end
    end
    return all
  end
  return nil
end

-- The candidate ranges for `f`: its source, or every machine when f is nil, has no positive
-- index, or its source is larger than the machine count (an `or` whose branches overlap), so
-- a walk over the candidates never covers more positions than there are machines. (A source
-- of one range is one index, never larger than the machine count.)
local function candidate_ranges(f)
  local source = f and filter_source(f)
  if source and #source <= 1 then
    return source
  end
  local all = redis.call('ZCARD', B .. 'ms')
  if source and source_size(source) <= all then
    return source
  end
  return { { B .. 'ms', 0, all - 1, 'ms' } }
end

-- The stable name of a candidate source: its ranges' labels.
local function source_label(ranges)
  local labels = {}
  for i, r in ipairs(ranges) do
    labels[i] = r[4]
  end
  return table.concat(labels, ' ')
end

-- Calls visit(id) for at most `max` candidates from logical position `start` on, wrapping
-- around, in batches growing from 1 (most claims take the first candidate), until visit
-- returns a truthy value or every candidate (at most `max`) was seen. Returns that value
-- (nil when none) and how many candidates were visited.
local function scan_candidates(ranges, start, visit, max)
  local total = math.min(source_size(ranges), max)
  if total <= 0 then
    return nil, 0
  end
  local all = source_size(ranges)
  local pos = start % all
  local seen = 0
  local batch = 1
  while seen < total do
    local offset = pos
    local range
    for _, r in ipairs(ranges) do
      local size = r[3] - r[2] + 1
      if offset < size then
        range = r
        break
      end
      offset = offset - size
    end
    local n = math.min(batch, range[3] - range[2] + 1 - offset, total - seen)
    local first = range[2] + offset
    local ids = redis.call('ZRANGE', range[1], first, first + n - 1)
    for i, id in ipairs(ids) do
      local found = visit(id)
      if found then
        return found, seen + i
      end
    end
    seen = seen + n
    pos = (pos + n) % all
    batch = math.min(batch * 2, 256)
  end
  return nil, seen
end
