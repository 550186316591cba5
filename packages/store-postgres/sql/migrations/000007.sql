-- Migration 7: the processes engines declare. openEngine records its process names
-- (recordProcesses), so operator tools open an engine with processes: 'discover' and no process
-- list. :TAGOUT_SCHEMA is the schema. Released: never edit this file; add a new migration
-- instead.

create table :TAGOUT_SCHEMA.processes (
  -- A process name an engine declared; once recorded, it stays. Sorts in code-unit order
  -- (collate "C"), as core's names are ASCII.
  name text collate "C" primary key,
  -- When an engine last declared it (ms since epoch).
  declared_at double precision not null
);
