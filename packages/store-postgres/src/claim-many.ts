import type { ClaimedWork, ClaimManyResult } from '@tagout/core';
import type { Row } from './pool.js';
import { toClaimedWork } from './rows.js';

/**
 * Runs a batched claim (see claim-many-sql.ts): `run(start, limit)` runs its statement once,
 * walking from `start`. The statement walks from a random id and wraps around, so one run
 * normally settles the call. Machines it locked that turned out changed or claimed since its
 * snapshot (a race with a concurrent transition) are looked for again, by further runs for the
 * rest of the limit, up to `attempts` runs in all. A snapshot can miss a heartbeat that committed
 * a moment before: a session found dead is asked about once more on a fresh snapshot before the
 * call reports `session-expired`. When a later run finds the session gone (closed meanwhile),
 * the works of the earlier runs are returned; their holder then finds them lost.
 * @throws Error when every run lost every machine it locked to a race.
 */
export async function runClaimMany(
  run: (start: string, limit: number) => Promise<Row[]>,
  limit: number,
  attempts: number,
): Promise<ClaimManyResult> {
  const works: ClaimedWork[] = [];
  let expiredBefore = false;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const rows = await run(crypto.randomUUID(), limit - works.length);
    if (rows[0]?.alive !== true) {
      if (works.length > 0) break;
      if (expiredBefore) return { ok: false, reason: 'session-expired' };
      expiredBefore = true;
      continue;
    }
    let raced = false;
    for (const machineRows of rowsByMachine(rows)) {
      if (machineRows[0]?.token === null) raced = true;
      else works.push(toClaimedWork(machineRows));
    }
    if (!raced || works.length === limit) break;
    if (attempt === attempts && works.length === 0) {
      throw new Error(`claim by filter: every candidate changed under the lock in ${attempts} runs in a row`);
    }
  }
  works.sort((a, b) => a.token - b.token);
  return { ok: true, works };
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
