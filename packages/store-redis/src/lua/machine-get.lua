-- machine-get: ARGV = now (unused), machineId. Reply: machine | nil.
--- @include "machines"
return machine_reply(ARGV[2])
