-- processes-list: ARGV = '' (no clock needed). Reply: flat list { name, declaredAt, ... } of
-- every recorded process, unordered (the client sorts). One HGETALL of B..'procs', bounded by
-- the number of process names ever declared.
--- @include "namespace"
return redis.call('HGETALL', B .. 'procs')
