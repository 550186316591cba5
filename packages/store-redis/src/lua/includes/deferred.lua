-- Writes a script defers to its end, so that a script over many items sends one command per
-- key for all of them rather than one per item. A script that includes this (directly or
-- through another include) runs its body as a function; once the body has returned, every
-- flush registered with `at_end` runs, in registration order, and then the body's reply is
-- returned (see lua-bundle.ts). A script is atomic, so no client sees the writes apart.
local DEFERRED = {}

-- Runs `flush` after the script's body, once per run of the script.
local function at_end(flush)
  DEFERRED[#DEFERRED + 1] = flush
end
