-- Walks canonical JSON text (JSON.stringify of key-sorted values: no whitespace) without
-- decoding it. A sub-value's text inside canonical text is itself the canonical text of
-- that sub-value, so `equals` with a path compares texts exactly as core does.

-- Index of the last character of the string literal starting at `i` (a '"').
local function json_string_end(s, i)
  local j = i + 1
  while true do
    local k = string.find(s, '[\\"]', j)
    if not k then
      return #s
    end
    if string.byte(s, k) == 34 then
      return k
    end
    j = k + 2
  end
end

-- Index of the last character of the value starting at `i`.
local function json_value_end(s, i)
  local c = string.byte(s, i)
  if c == 34 then
    return json_string_end(s, i)
  end
  if c ~= 123 and c ~= 91 then
    local k = string.find(s, '[,%]}]', i)
    return (k or (#s + 1)) - 1
  end
  local depth = 0
  local j = i
  while true do
    local k = string.find(s, '[%[%]{}"]', j)
    if not k then
      return #s
    end
    local b = string.byte(s, k)
    if b == 34 then
      j = json_string_end(s, k) + 1
    else
      if b == 123 or b == 91 then
        depth = depth + 1
      else
        depth = depth - 1
      end
      if depth == 0 then
        return k
      end
      j = k + 1
    end
  end
end

-- The text of member `key` (a JSON string literal, e.g. '"a"') of the object `s`, or nil
-- when `s` is not an object or has no such member.
local function json_member(s, key)
  if string.byte(s, 1) ~= 123 then
    return nil
  end
  local i = 2
  while string.byte(s, i) == 34 do
    local key_end = json_string_end(s, i)
    local value_start = key_end + 2
    local value_end = json_value_end(s, value_start)
    if string.sub(s, i, key_end) == key then
      return string.sub(s, value_start, value_end)
    end
    i = value_end + 2
  end
  return nil
end

-- The text at `path` (a list of JSON string literals), or nil when the path does not exist.
local function json_at_path(s, path)
  local current = s
  for _, key in ipairs(path) do
    current = json_member(current, key)
    if not current then
      return nil
    end
  end
  return current
end
