-- getMachine. Parameter: $1 the machine. One row, r: the machine as JSON (machine_json), or null.
select :TAGOUT_SCHEMA.machine_json($1::uuid) as r
