-- machine-get: ARGV = now (unused), machineId. Reply: machine | nil.
return machine_reply(ARGV[2])
