-- Numbers go to Redis and back to the client as text that round-trips exactly.
local function n2s(x)
  return string.format('%.17g', x)
end

-- The last decimal digit of an integer, as text, by its value + 1.
local DIGIT_TEXTS = { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' }

-- The texts of the `count` consecutive integers from `first` on (first >= 0), each as n2s
-- writes it. Formatting a number costs about as much as a Redis command does from Lua, so an
-- integer below 1e15 is written as the text of its tenth (formatted once per ten numbers)
-- followed by its last digit.
local function n2s_run(first, count)
  local texts = {}
  local tenth_of, tenth_text
  for i = 1, count do
    local x = first + i - 1
    if x >= 1e15 then
      texts[i] = n2s(x)
    else
      local tenth = math.floor(x / 10)
      if tenth ~= tenth_of then
        tenth_of = tenth
        tenth_text = tenth == 0 and '' or n2s(tenth)
      end
      texts[i] = tenth_text .. DIGIT_TEXTS[x - tenth * 10 + 1]
    end
  end
  return texts
end
