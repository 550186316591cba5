-- Writes a script defers to its end, so that a script over many items sends one command per
-- key for all of them rather than one per item. A script that includes this (directly or
-- through another include) runs its body as a function, then run_deferred(), then returns the
-- body's reply (see lua-bundle.ts). A script is atomic, so no client sees the writes apart.
local DEFERRED, DEFERRED_LAST = {}, {}

-- Runs `flush` after the script's body, once per run of the script, in registration order.
local function at_end(flush)
  DEFERRED[#DEFERRED + 1] = flush
end

-- Runs `flush` after every flush registered with at_end: for writes the others change (the
-- sessions' work counts, which the work index's flush adjusts).
local function at_end_last(flush)
  DEFERRED_LAST[#DEFERRED_LAST + 1] = flush
end

-- Runs the flushes (lua-bundle.ts calls it once the script's body has returned).
local function run_deferred()
  for _, flush in ipairs(DEFERRED) do
    flush()
  end
  for _, flush in ipairs(DEFERRED_LAST) do
    flush()
  end
end
