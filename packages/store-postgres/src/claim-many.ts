import type { ClaimedWork, ClaimManyResult } from '@tagout/core';
import { type ClaimHand, lastInWalk } from './claim-cursor.js';
import type { Row } from './pool.js';
import { toClaimedWork, toNothingEligible } from './rows.js';

/**
 * Runs a batched claim (see filters/claim-many-sql.ts): `run(start, limit)` runs its statement once,
 * walking from `start`. The statement walks from the claim's `hand` and wraps around, so one run
 * settles the call, as one atomic step; the hand then moves to the last machine taken in the walk's
 * order. It runs again (on a fresh snapshot, see `ClaimHand.start` for where from) only
 * when it wrote nothing: every machine it locked turned out changed or claimed since its snapshot
 * (a race with a concurrent transition), or the session looked dead, which a snapshot can show
 * while a heartbeat committed a moment before (asked once more before `session-expired`). A run
 * that took some machines and lost others to such races returns what it took: fewer than the
 * limit, as when other claimers hold the rest. Taking none, it passes on the statement's
 * `retryInMs` (see `toNothingEligible`).
 * @throws Error when `attempts` runs in a row lost every machine they locked to a race.
 */
export async function runClaimMany(
  run: (start: string, limit: number) => Promise<Row[]>,
  limit: number,
  attempts: number,
  hand: ClaimHand,
): Promise<ClaimManyResult> {
  let expiredBefore = false;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const start = hand.start(attempt);
    const rows = await run(start, limit);
    if (rows[0]?.alive !== true) {
      if (expiredBefore) return { ok: false, reason: 'session-expired' };
      expiredBefore = true;
      continue;
    }
    const works: ClaimedWork[] = [];
    let raced = false;
    for (const machineRows of rowsByMachine(rows)) {
      if (machineRows[0]?.token === null) raced = true;
      else works.push(toClaimedWork(machineRows));
    }
    if (works.length > 0) {
      const last = lastInWalk(
        start,
        works.map((work) => work.machine.id),
      );
      if (last !== undefined) hand.tookLast(last);
      return { ok: true, works: works.sort((a, b) => a.token - b.token) };
    }
    if (!raced) {
      hand.foundNothing();
      const { retryInMs } = toNothingEligible(rows[0]);
      return retryInMs === undefined ? { ok: true, works } : { ok: true, works, retryInMs };
    }
  }
  throw new Error(`claim by filter: every candidate changed under the lock in ${attempts} runs in a row`);
}

/** The rows of each machine the statement locked (rows without a machine skipped), in row order. */
function rowsByMachine(rows: readonly Row[]): Row[][] {
  const groups = new Map<unknown, Row[]>();
  for (const row of rows) {
    if (row.id === null) continue;
    const group = groups.get(row.id);
    if (group === undefined) groups.set(row.id, [row]);
    else group.push(row);
  }
  return [...groups.values()];
}
