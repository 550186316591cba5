-- tags-write-many: ARGV = now, then for each machine: id, number of tags n, then n name,
-- value pairs (see batch_entries). Sets the tags of every machine exactly as tags-write
-- does, or of none when one does not exist (every id is checked before anything is written).
-- Reply: { 'ok' } | { 'not-found', id } (the first missing id in ARGV order). Signals anything.
--- @include "batch"
return batch_all_or_none(false) or { 'ok' }
