-- Migration 5: history pages per pair. history_machine_idx (machine_id, seq) and
-- history_process_idx (process, seq) already serve pages of one machine or one process, and the
-- primary key pages of everything; a page of one (machine, process) pair had to filter a
-- machine's events by process. history_pair_idx serves it, and pruneHistory's check that an
-- event is the latest of its pair, with one index descent. :TAGOUT_SCHEMA is the schema.
-- Released: never edit this file; add a new migration instead.
--
-- (Version 5, not 4: number 4 was left to a change developed at the same time, which became 6;
-- the runner applies whatever versions are missing, in order, so a gap is harmless.)

create index history_pair_idx on :TAGOUT_SCHEMA.history (machine_id, process, seq);
