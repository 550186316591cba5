-- knownProcesses: rows (name, declared_at) sorted by name.
select name, declared_at from :TAGOUT_SCHEMA.processes order by name
