import type * as contract from '@tagout/core';
import type { ClaimManyResult, ClaimResult, StoreFilter } from '@tagout/core';
import { ClaimCursors, type ClaimHand, cursorKey } from './claim-cursor.js';
import { runClaimMany } from './claim-many.js';
import { type ClaimFilterSql, claimFilterSql, FIRST_ID } from './filters/claim-filter-sql.js';
import { type ClaimManySql, claimManySql } from './filters/claim-many-sql.js';
import type { FilterSql } from './filters/filter-sql.js';
import { PreparedShapes } from './prepared-shapes.js';
import { toClaimedWork, toNothingEligible } from './rows.js';
import type { StatementRunner } from './statement-runner.js';

/**
 * Runs of a claim by filter whose locked candidate changed since the statement's snapshot,
 * before it gives up (each run is on a fresh snapshot, which sees the claim it raced with, so a
 * second one is already rare).
 */
const CLAIM_ATTEMPTS = 20;
/** Filters whose claim statement a store remembers (past this the memo restarts). */
const REMEMBERED_FILTERS = 1000;

/**
 * Parameters `$1`–`$7` of a claim statement by filter (see filters/claim-filter-sql.ts), and `fast`
 * (`$9`): whether the blockers are the process alone.
 */
function claimParams(
  q: FilterSql,
  input: { sessionId: string; process: string; blockers: readonly string[]; now?: number },
): { values: unknown[]; fast: boolean } {
  return {
    values: [q.texts, q.jsons, q.nums, input.now ?? null, input.process, input.blockers, input.sessionId],
    fast: input.blockers.length === 1 && input.blockers[0] === input.process,
  };
}

/** The statement of `filter` from `memo` (keyed by the filter, values included), built once. */
function remembered<T>(memo: Map<string, T>, filter: StoreFilter, build: () => T): T {
  const key = JSON.stringify(filter);
  let q = memo.get(key);
  if (q === undefined) {
    if (memo.size >= REMEMBERED_FILTERS) memo.clear();
    q = build();
    memo.set(key, q);
  }
  return q;
}

/**
 * Claims by filter, single and batched, of one store: each filter's statement built once, a
 * prepared-statement name per statement shape (`PreparedShapes`), and a cursor per process and
 * filter that successive claims walk round (`ClaimCursors`).
 */
export class FilterClaims {
  readonly #db: StatementRunner;
  readonly #claimSqls = new Map<string, ClaimFilterSql>();
  readonly #claimManySqls = new Map<string, ClaimManySql>();
  readonly #shapes = new PreparedShapes();
  readonly #cursors = new ClaimCursors(REMEMBERED_FILTERS);

  constructor(db: StatementRunner) {
    this.#db = db;
  }

  /**
   * A claim by filter: its one statement, walking from the cursor of its process and filter (see
   * `ClaimCursors`), then once more from the first id when nothing was free after it; again (see
   * `ClaimHand.start`) while the locked candidate turns out changed or claimed since the
   * statement's snapshot.
   * @throws Error when the candidate changed under the lock in {@link CLAIM_ATTEMPTS} runs in a row.
   */
  claim(input: contract.StoreClaimInput, filter: StoreFilter): Promise<ClaimResult> {
    const q = remembered(this.#claimSqls, filter, () => claimFilterSql(filter, this.#db.s));
    const { values, fast } = claimParams(q, input);
    const name = this.#shapes.nameOf(q.text);
    const run = (start: string) => this.#db.query(name, q.text, [...values, start, fast]);
    return this.#withHand(input.process, filter, async (hand) => {
      let expiredBefore = false;
      for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
        let rows = await run(hand.start(attempt));
        if (rows[0]?.alive === true && rows[0].id === null) rows = await run(FIRST_ID);
        const row = rows[0] ?? {};
        if (row.alive !== true) {
          // A snapshot can miss a heartbeat that committed a moment before: ask a fresh one.
          if (expiredBefore) return { ok: false, reason: 'session-expired' };
          expiredBefore = true;
          continue;
        }
        if (row.id === null) {
          hand.foundNothing();
          return toNothingEligible(row);
        }
        if (row.token !== null) {
          hand.tookLast(String(row.id));
          return { ok: true, work: toClaimedWork(rows) };
        }
      }
      throw new Error(
        `claim by filter: the candidate changed under the lock in ${CLAIM_ATTEMPTS} attempts in a row`,
      );
    });
  }

  /**
   * A batched claim: one statement (filters/claim-many-sql.ts), walking from the cursor of its
   * process and filter (see `ClaimCursors`) and wrapping around; run again only when it wrote
   * nothing because what it locked had changed since its snapshot, or the session looked dead
   * (see claim-many.ts).
   */
  claimMany(input: contract.StoreClaimManyInput): Promise<ClaimManyResult> {
    const q = remembered(this.#claimManySqls, input.filter, () => claimManySql(input.filter, this.#db.s));
    const { values, fast } = claimParams(q, input);
    const name = this.#shapes.nameOf(q.text);
    return this.#withHand(input.process, input.filter, (hand) =>
      runClaimMany(
        (start, limit) => this.#db.query(name, q.text, [...values, start, fast, limit]),
        input.limit,
        CLAIM_ATTEMPTS,
        hand,
      ),
    );
  }

  /** Runs `claim` with a hand of the cursor of `process` and `filter` (see `ClaimCursors`), then gives it back. */
  async #withHand<T>(
    process: string,
    filter: StoreFilter,
    claim: (hand: ClaimHand) => Promise<T>,
  ): Promise<T> {
    const hand = this.#cursors.lease(cursorKey(process, JSON.stringify(filter)));
    try {
      return await claim(hand);
    } finally {
      hand.release();
    }
  }
}
