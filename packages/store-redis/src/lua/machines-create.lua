-- machines-create: ARGV = now, then for each machine: id, number of tags n, then n name,
-- value pairs (see batch_entries). Creates every machine exactly as machine-create does, or
-- none when one exists already (every id is checked before anything is written).
-- Reply: { 'ok', createdAt } | { 'exists', id } (the first existing id in ARGV order). Signals
-- anything.
--- @include "clock"
--- @include "batch"
return batch_all_or_none(true) or { 'ok', NOW_TEXT }
