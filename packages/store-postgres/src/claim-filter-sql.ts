import type { StoreFilter } from '@tagout/core';
import { compileFilterSql, type FilterSql } from './filter-sql.js';

/** The single statement of a claim by filter, with its filter parameters. */
export interface ClaimFilterSql extends FilterSql {
  /** The whole claim: one row `(alive, id, unchanged, work)`. */
  text: string;
  /**
   * The candidate query alone (part of `text`): reads `c.now` and `c.alive` from a relation
   * `c`, locks at most one machine and returns `(id, unchanged)`. Exposed for EXPLAIN.
   */
  pick: string;
}

/**
 * Builds the statement of a claim by filter: one plain statement, so the driver prepares it by
 * name once per connection and filter shape and Postgres plans it once, not once per claim.
 * Parameters: `$1`–`$3` the filter's (see `FILTER_PARAMS`), `$4` an injected now (null: the
 * database clock), `$5` the process, `$6` its blockers, `$7` the session, `$8` a random id the
 * walk starts from.
 *
 * Steps, in order: `c` takes a KEY SHARE lock on the session and reads the clock once; when the
 * session is alive, the pick walks eligible machines (the filter holds, no live work of a
 * blocker, no active backoff of the process) in id order from `$8`, then from the first, and
 * locks the first one not locked by someone else (`FOR NO KEY UPDATE SKIP LOCKED`, so parallel
 * claimers spread instead of queueing on one row); `claim_write` writes the claim on it. The id
 * range is repeated on every table the walk joins (where it is implied): without it, a generic
 * plan merge-joins the work and backoff indexes from their first entry on every claim.
 *
 * The pick judged eligibility on the statement's snapshot, taken before the lock. Every
 * transition that changes a machine's work, tags or backoffs bumps `machines.version` under the
 * row lock, so the locked row (`m`, its latest version) having the version the snapshot saw
 * (`m0`, joined but not locked: Postgres keeps the snapshot's row for it) proves nothing changed
 * in between. When something did, `unchanged` is false, nothing is written, and the caller
 * runs the statement again on a fresh snapshot.
 */
export function claimFilterSql(filter: StoreFilter, schema: string): ClaimFilterSql {
  const branch = (idRange: string) => {
    const compiled = compileFilterSql(filter, schema, 'c.now', idRange);
    const sql = `(select m.id, m.version = m0.version as unchanged
        from ${schema}.machines m join ${schema}.machines m0 on m0.id = m.id
       where c.alive and m.id ${idRange} and ${compiled.sql}
         and not exists (select 1 from ${schema}.work w join ${schema}.sessions se on se.id = w.session_id
           where w.machine_id = m.id and w.machine_id ${idRange} and w.process = any($6::text[])
             and se.deadline > c.now)
         and not exists (select 1 from ${schema}.backoffs b
           where b.machine_id = m.id and b.machine_id ${idRange} and b.process = $5::text and b.until > c.now)
       order by m.id limit 1 for no key update of m skip locked)`;
    return { compiled, sql };
  };
  const from = branch('>= $8::uuid');
  const before = branch('< $8::uuid');
  // Each branch in its own FROM subquery: a locking clause is not allowed in a UNION's own arms.
  const pick = `select x.id, x.unchanged
    from (select * from ${from.sql} a union all select * from ${before.sql} b) x limit 1`;
  const text = `with c as materialized (
      select s.deadline > s.now as alive, s.now
        from (select (select deadline from ${schema}.sessions where id = $7::uuid for key share) as deadline,
                     ${schema}.now_ms($4::float8) as now,
                     -- types $1-$3, which a filter may not use
                     $1::text[] as texts, $2::jsonb[] as jsons, $3::float8[] as nums offset 0) s)
    select c.alive, p.id, p.unchanged,
           case when p.unchanged then ${schema}.claim_write(p.id, $7::uuid, $5::text, c.now) end as work
      from c left join lateral (${pick}) p on true`;
  return { ...from.compiled, text, pick };
}
