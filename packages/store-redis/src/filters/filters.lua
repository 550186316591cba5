-- Filter evaluation. A filter arrives as JSON (see filter-args.ts beside it):
--   { k = 'has'|'lacks', t }  { k = 'eq', t, p = { '"key"', ... }, v }  { k = 'older'|'newer', t, ms }
--   { k = 'and'|'or', f = { ... } }  { k = 'not', f = filter }
--
-- A filter is prepared once per script: each leaf gets `i`, the position of its tag's field
-- ('t:'..name) in a field list, so one HMGET of the machine hash per candidate reads every
-- tag the filter needs.
--- @include "clock"
--- @include "json-path"

-- A tag field's value ('t:'..name of the machine hash): updatedAt (string), canonical JSON text.
local function parse_tag(raw)
  local space = string.find(raw, ' ', 1, true)
  return string.sub(raw, 1, space - 1), string.sub(raw, space + 1)
end

-- Assigns field positions to the leaves of `f`, appending new tag fields to `fields`
-- (`seen` maps a field to its position). Returns `fields`.
local function filter_prepare(f, fields, seen)
  seen = seen or {}
  local k = f.k
  if k == 'and' or k == 'or' then
    for _, child in ipairs(f.f) do
      filter_prepare(child, fields, seen)
    end
  elseif k == 'not' then
    filter_prepare(f.f, fields, seen)
  else
    local field = 't:' .. f.t
    if not seen[field] then
      fields[#fields + 1] = field
      seen[field] = #fields
    end
    f.i = seen[field]
  end
  return fields
end

-- Whether the machine whose HMGET values (of the prepared field list) are `vals` passes `f`.
local function filter_eval(f, vals)
  local k = f.k
  if k == 'and' then
    for _, child in ipairs(f.f) do
      if not filter_eval(child, vals) then
        return false
      end
    end
    return true
  elseif k == 'or' then
    for _, child in ipairs(f.f) do
      if filter_eval(child, vals) then
        return true
      end
    end
    return false
  elseif k == 'not' then
    return not filter_eval(f.f, vals)
  end
  local raw = vals[f.i]
  if k == 'has' then
    return raw ~= false
  elseif k == 'lacks' then
    return raw == false
  elseif not raw then
    return false
  end
  local updated, value = parse_tag(raw)
  if k == 'eq' then
    if #f.p > 0 then
      value = json_at_path(value, f.p)
    end
    return value == f.v
  elseif k == 'older' then
    return tonumber(updated) <= NOW - f.ms
  elseif k == 'newer' then
    return tonumber(updated) > NOW - f.ms
  end
  return redis.error_reply('unknown filter kind ' .. tostring(k))
end
