-- machines-create: ARGV = now, then for each machine: id, number of tags n, then n name,
-- value pairs (see batch_entries). Creates every machine exactly as machine-create does, or
-- none when one exists already (every id is checked before anything is written).
-- Reply: { 'ok', createdAt } | { 'exists', id } (the first existing id in ARGV order). Signals
-- anything.
--- @include "clock"
--- @include "signals"
--- @include "batch"
local entries = batch_entries()
local existing = batch_first(entries, 1)
if existing then
  return { 'exists', existing }
end
batch_write(entries, true)
signal('*')
return { 'ok', NOW_TEXT }
