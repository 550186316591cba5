-- Appends the values of the list `values` to the list `out`, in order.
local function append_all(out, values)
  for _, value in ipairs(values) do
    out[#out + 1] = value
  end
end
