-- Numbers go to Redis and back to the client as text that round-trips exactly.
local function n2s(x)
  return string.format('%.17g', x)
end
